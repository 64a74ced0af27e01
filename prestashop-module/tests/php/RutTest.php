<?php
use PHPUnit\Framework\TestCase;

class RutTest extends TestCase
{
    public function testAcceptsTheFormsBuyersType()
    {
        $this->assertSame('76192083-9', TimbreRut::normalize('76.192.083-9'));
        $this->assertSame('76192083-9', TimbreRut::normalize(' 761920839 '));
        $this->assertSame('12345678-5', TimbreRut::normalize('12.345.678-5'));
        $this->assertSame('10000013-K', TimbreRut::normalize('10000013-k'));
        $this->assertTrue(TimbreRut::isValid('76.192.083-9'));
        $this->assertTrue(TimbreRut::isValid('10000013-k'));
        $this->assertTrue(TimbreRut::isValid('1-9'));
    }

    public function testRefusesAWrongCheckDigitOrSomethingElse()
    {
        $this->assertFalse(TimbreRut::isValid('76.192.083-8'));
        $this->assertFalse(TimbreRut::isValid('12345678-K'));
        $this->assertFalse(TimbreRut::isValid(''));
        $this->assertFalse(TimbreRut::isValid('abc'));
        $this->assertFalse(TimbreRut::isValid('0-0'));
        $this->assertNull(TimbreRut::normalize('123456789-0'));
    }

    public function testCheckDigitsZeroAndK()
    {
        $this->assertSame('0', TimbreRut::checkDigit('1000013'));
        $this->assertSame('K', TimbreRut::checkDigit('10000013'));
    }
}
