var config = {
    config: {
        mixins: {
            'Magento_Checkout/js/action/set-shipping-information': {
                'Timbre_Chile/js/set-shipping-information-mixin': true
            }
        }
    }
};
