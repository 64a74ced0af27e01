<?php
declare(strict_types=1);

namespace Timbre\Chile\Plugin;

use Magento\Checkout\Block\Checkout\LayoutProcessor;

/**
 * Adds "documento" (boleta / factura) and "giro" to the checkout's shipping address form, beside
 * Magento's own company (razón social) and vat_id (RUT). The JS mixin sends them as the address's
 * extension attributes.
 */
class CheckoutFields
{
    /**
     * @param array<string, mixed> $jsLayout
     * @return array<string, mixed>
     */
    public function afterProcess(LayoutProcessor $subject, array $jsLayout): array
    {
        $fields = &$jsLayout['components']['checkout']['children']['steps']['children']['shipping-step']['children']
            ['shippingAddress']['children']['shipping-address-fieldset']['children'];
        if (!is_array($fields)) {
            return $jsLayout;
        }
        $fields['timbre_document_type'] = [
            'component' => 'Magento_Ui/js/form/element/select',
            'config' => ['customScope' => 'shippingAddress.custom_attributes', 'template' => 'ui/form/field', 'elementTmpl' => 'ui/form/element/select'],
            'dataScope' => 'shippingAddress.custom_attributes.timbre_document_type',
            'label' => __('Documento'),
            'provider' => 'checkoutProvider',
            'sortOrder' => 115,
            'options' => [
                ['value' => 'boleta', 'label' => __('Boleta')],
                ['value' => 'factura', 'label' => __('Factura')],
            ],
            'value' => 'boleta',
            'visible' => true,
        ];
        $fields['timbre_giro'] = [
            'component' => 'Magento_Ui/js/form/element/abstract',
            'config' => ['customScope' => 'shippingAddress.custom_attributes', 'template' => 'ui/form/field', 'elementTmpl' => 'ui/form/element/input'],
            'dataScope' => 'shippingAddress.custom_attributes.timbre_giro',
            'label' => __('Giro (solo factura)'),
            'provider' => 'checkoutProvider',
            'sortOrder' => 116,
            'validation' => ['max_text_length' => 80],
            'visible' => true,
        ];
        if (isset($fields['vat_id'])) {
            $fields['vat_id']['label'] = __('RUT');
        }
        if (isset($fields['company'])) {
            $fields['company']['label'] = __('Razón social (solo factura)');
        }
        return $jsLayout;
    }
}
