/* Moves the checkout's giro and document type from custom_attributes to the addresses' extension attributes. */
define(['mage/utils/wrapper', 'Magento_Checkout/js/model/quote'], function (wrapper, quote) {
    'use strict';

    function carry(address, source) {
        if (!address) {
            return;
        }
        var custom = source.customAttributes || source.custom_attributes || {};
        var read = function (code) {
            var v = custom[code];
            if (Array.isArray(custom)) {
                var found = custom.filter(function (a) { return a.attribute_code === code; })[0];
                v = found && found.value;
            }
            return v && typeof v === 'object' ? v.value : v;
        };
        address.extension_attributes = address.extension_attributes || {};
        address.extension_attributes.timbre_giro = read('timbre_giro') || null;
        address.extension_attributes.timbre_document_type = read('timbre_document_type') || 'boleta';
    }

    return function (setShippingInformation) {
        return wrapper.wrap(setShippingInformation, function (original) {
            var shipping = quote.shippingAddress();
            carry(shipping, shipping || {});
            carry(quote.billingAddress(), shipping || {});
            return original();
        });
    };
});
