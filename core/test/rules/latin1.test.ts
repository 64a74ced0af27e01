import { describe, expect, it } from "vitest";
import { cut, decodeXml, escapeXml, latin1Bytes, toLatin1 } from "../../src/rules/dte/latin1.js";

describe("ISO-8859-1 text", () => {
  it("keeps Spanish text as is", () => {
    expect(toLatin1('Cañería ½" ÁÉÍÓÚ üñ ¿¡ º ª')).toEqual({ text: 'Cañería ½" ÁÉÍÓÚ üñ ¿¡ º ª', changed: [] });
  });

  it("transliterates curly quotes, dashes, ellipsis, euro and composes accents", () => {
    const r = toLatin1("“Polera” – talla M… 10€ O\u0301ptica");
    expect(r.text).toBe('"Polera" - talla M... 10EUR Óptica');
    expect(r.changed).toEqual(["“", "”", "–", "…", "€"]);
  });

  it("drops emoji and other characters with no Latin-1 form, without leaving double spaces", () => {
    const r = toLatin1("Café 🎉 de grano ☕ 漢字 ﬁno");
    expect(r.text).toBe("Café de grano fino");
    expect(r.changed).toContain("🎉");
    expect(r.changed).toContain("☕");
  });

  it("strips accents Latin-1 lacks and control characters", () => {
    expect(toLatin1("Łódź ā ș\u0007\u0085x\r\ny").text).toBe("Lódz a sx\ny");
  });

  it("escapes the five entities, quotes included (TED rule)", () => {
    expect(escapeXml(`a & b < c > d "e" 'f'`)).toBe("a &amp; b &lt; c &gt; d &quot;e&quot; &apos;f&apos;");
  });

  it("cuts by characters", () => {
    expect(cut("ñandú".repeat(20), 7)).toBe("ñandúña");
  });

  it("refuses to write characters outside Latin-1 rather than mangle them", () => {
    expect(latin1Bytes("ñ")).toEqual(Buffer.from([0xf1]));
    expect(() => latin1Bytes("€")).toThrow(/U\+20AC/);
  });

  it("decodes by the declared encoding", () => {
    expect(decodeXml(Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><a>ñ</a>', "latin1"))).toContain(
      "<a>ñ</a>",
    );
    expect(
      decodeXml(
        Buffer.from([...Buffer.from('<?xml version="1.0" encoding="windows-1252"?><a>'), 0x80, ...Buffer.from("</a>")]),
      ),
    ).toContain("<a>€</a>");
    expect(decodeXml(Buffer.from('<?xml version="1.0" encoding="UTF-8"?><a>ñ</a>', "utf8"))).toContain("<a>ñ</a>");
    // CAF files come as Latin-1 without saying so.
    expect(decodeXml(Buffer.from('<?xml version="1.0"?><RS>ÑUÑOA</RS>', "latin1"))).toContain("ÑUÑOA");
    expect(decodeXml(Buffer.from("<RS>ÑUÑOA</RS>", "utf8"))).toBe("<RS>ÑUÑOA</RS>");
  });
});
