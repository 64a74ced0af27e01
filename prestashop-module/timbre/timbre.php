<?php
/**
 * Timbre for PrestaShop: boletas and facturas (SII) for every paid order, stock from the merchant's
 * warehouses, carriers, tracking and order states, through the Timbre hub.
 *
 * The module stays thin: it collects the buyer's tax data at checkout, keeps a durable queue of
 * signed events for the hub (orders, state changes, order slips, customers, carriers) and shows the
 * documents in the back office and to the buyer. Everything else (issuing, stock, shipping) is the
 * hub's, which reads and writes the shop through the webservice.
 */
if (!defined('_PS_VERSION_')) {
    exit;
}

require_once __DIR__ . '/classes/TimbreRut.php';
require_once __DIR__ . '/classes/TimbreSigner.php';
require_once __DIR__ . '/classes/TimbreBackoff.php';
require_once __DIR__ . '/classes/TimbreQueueStore.php';
require_once __DIR__ . '/classes/TimbreDbQueueStore.php';
require_once __DIR__ . '/classes/TimbreEventQueue.php';
require_once __DIR__ . '/classes/TimbreHubClient.php';
require_once __DIR__ . '/classes/TimbreCheckoutRules.php';
require_once __DIR__ . '/classes/TimbreDocumentNames.php';
require_once __DIR__ . '/classes/TimbreOrderData.php';
require_once __DIR__ . '/classes/TimbreInstaller.php';

class Timbre extends Module
{
    const CONFIG_HUB_URL = 'TIMBRE_HUB_URL';
    const CONFIG_API_KEY = 'TIMBRE_API_KEY';
    const CONFIG_SECRET = 'TIMBRE_SECRET';
    const FIELD_GIRO = 'timbre_giro';
    const FIELD_DOCUMENT = 'timbre_document_type';

    const HOOKS = [
        'actionValidateOrder',
        'actionOrderStatusPostUpdate',
        'actionObjectOrderSlipAddAfter',
        'actionObjectCustomerAddAfter',
        'actionObjectCustomerUpdateAfter',
        'actionObjectCarrierAddAfter',
        'actionObjectCarrierUpdateAfter',
        'additionalCustomerAddressFields',
        'actionValidateCustomerAddressForm',
        'actionSubmitCustomerAddressForm',
        'actionObjectAddressAddAfter',
        'actionObjectAddressUpdateAfter',
        'displayAdminOrderMain',
        'displayOrderDetail',
        'actionAdminControllerSetMedia',
        'addWebserviceResources',
    ];

    /** @var TimbreEventQueue|null */
    private $queue;
    private $flushOnShutdown = false;
    /** The checkout form's giro and document type, until the address they belong to is saved. */
    private $pendingAddressData;

    public function __construct()
    {
        $this->name = 'timbre';
        $this->tab = 'billing_invoicing';
        $this->version = '0.1.0';
        $this->author = 'Timbre';
        $this->need_instance = 0;
        $this->bootstrap = true;
        $this->ps_versions_compliancy = ['min' => '8.0.0', 'max' => '8.99.99'];
        parent::__construct();
        $this->displayName = $this->l('Timbre: boletas y facturas electrónicas');
        $this->description = $this->l('Emite la boleta o factura de cada pedido pagado, sincroniza stock, transportistas y seguimiento con Timbre.');
        $this->confirmUninstall = $this->l('Los pedidos que aún no se envían a Timbre se perderán. ¿Desinstalar?');
    }

    public function install()
    {
        if (!(parent::install() && TimbreInstaller::install($this) && $this->registerHook(self::HOOKS))) {
            return false;
        }
        // The shop's carriers and prices reach the hub as soon as the keys are set.
        $this->queue()->enqueue('carrier.saved', ['initial' => true], Tools::getShopDomain());

        return true;
    }

    public function uninstall()
    {
        return TimbreInstaller::uninstall() && parent::uninstall();
    }

    // ------------------------------------------------------------------------------------------
    // The queue

    public function hubClient($timeout = 5)
    {
        return new TimbreHubClient(
            Configuration::get(self::CONFIG_HUB_URL),
            Configuration::get(self::CONFIG_API_KEY),
            Configuration::get(self::CONFIG_SECRET),
            $timeout
        );
    }

    public function queue()
    {
        if ($this->queue === null) {
            $client = $this->hubClient();
            $this->queue = new TimbreEventQueue(new TimbreDbQueueStore(), function (array $event) use ($client) {
                return $client->deliver($event);
            });
        }

        return $this->queue;
    }

    /** Queues an event and tries to deliver it once the page has been sent to the browser. */
    private function emit($topic, array $data)
    {
        try {
            $this->queue()->enqueue($topic, $data, Tools::getShopDomain());
        } catch (Exception $e) {
            PrestaShopLogger::addLog('[timbre] could not queue ' . $topic . ': ' . $e->getMessage(), 3, null, 'Timbre');

            return;
        }
        $this->flushAtEnd();
    }

    private function flushAtEnd()
    {
        if ($this->flushOnShutdown) {
            return;
        }
        $this->flushOnShutdown = true;
        $module = $this;
        register_shutdown_function(function () use ($module) {
            if (function_exists('fastcgi_finish_request')) {
                fastcgi_finish_request();
            }
            try {
                $module->queue()->flush(20, 3.0);
            } catch (Exception $e) {
                PrestaShopLogger::addLog('[timbre] queue flush failed: ' . $e->getMessage(), 2, null, 'Timbre');
            }
        });
    }

    public function cronToken()
    {
        return substr(hash_hmac('sha256', 'timbre-cron', _COOKIE_KEY_), 0, 32);
    }

    // ------------------------------------------------------------------------------------------
    // Orders

    public function hookActionValidateOrder($params)
    {
        $order = isset($params['order']) ? $params['order'] : null;
        if (!Validate::isLoadedObject($order)) {
            return;
        }
        $this->rememberCheckoutChoice($order);
        $this->emit('order.validated', ['id_order' => (string) $order->id, 'reference' => (string) $order->reference]);
    }

    public function hookActionOrderStatusPostUpdate($params)
    {
        $state = isset($params['newOrderStatus']) ? $params['newOrderStatus'] : null;
        $this->emit('order.state_changed', [
            'id_order' => (string) (int) $params['id_order'],
            'id_order_state' => $state ? (string) (int) $state->id : null,
            'paid' => $state ? (bool) $state->paid : null,
        ]);
    }

    public function hookActionObjectOrderSlipAddAfter($params)
    {
        $slip = isset($params['object']) ? $params['object'] : null;
        if (!Validate::isLoadedObject($slip)) {
            return;
        }
        $this->emit('order.slip_created', ['id_order' => (string) (int) $slip->id_order, 'id_order_slip' => (string) (int) $slip->id]);
    }

    /** Copies the invoice address's tax data onto the order: what the document will carry. */
    private function rememberCheckoutChoice(Order $order)
    {
        if (TimbreOrderData::forOrder($order->id)) {
            return;
        }
        $address = new Address((int) $order->id_address_invoice);
        $extra = Validate::isLoadedObject($address) ? $this->addressData($address->id) : null;
        $data = new TimbreOrderData();
        $data->id_order = (int) $order->id;
        $data->document_type = $extra ? (string) $extra['document_type'] : '';
        $rut = Validate::isLoadedObject($address) ? TimbreRut::normalize($address->dni) : null;
        $data->rut = $rut ? $rut : '';
        $data->business_name = Validate::isLoadedObject($address) ? mb_substr((string) $address->company, 0, 100) : '';
        $data->activity = $extra ? (string) $extra['giro'] : '';
        $data->add();
    }

    // ------------------------------------------------------------------------------------------
    // Customers and carriers

    public function hookActionObjectCustomerAddAfter($params)
    {
        $this->customerSaved($params);
    }

    public function hookActionObjectCustomerUpdateAfter($params)
    {
        $this->customerSaved($params);
    }

    private function customerSaved($params)
    {
        $c = isset($params['object']) ? $params['object'] : null;
        if (!Validate::isLoadedObject($c)) {
            return;
        }
        $this->emit('customer.saved', ['id_customer' => (string) (int) $c->id, 'guest' => (bool) $c->is_guest]);
    }

    public function hookActionObjectCarrierAddAfter($params)
    {
        $this->carrierSaved($params);
    }

    public function hookActionObjectCarrierUpdateAfter($params)
    {
        $this->carrierSaved($params);
    }

    private function carrierSaved($params)
    {
        $c = isset($params['object']) ? $params['object'] : null;
        if (!Validate::isLoadedObject($c)) {
            return;
        }
        // Editing a carrier in the back office makes a new id with the same reference.
        $this->emit('carrier.saved', ['id_carrier' => (string) (int) $c->id, 'id_reference' => (string) (int) $c->id_reference]);
    }

    // ------------------------------------------------------------------------------------------
    // Checkout: RUT (dni), razón social (company), giro and document type on the address form

    public function addressData($idAddress)
    {
        $row = Db::getInstance()->getRow(
            'SELECT document_type, giro FROM `' . _DB_PREFIX_ . 'timbre_address` WHERE id_address = ' . (int) $idAddress
        );

        return $row ? $row : null;
    }

    public function hookAdditionalCustomerAddressFields($params)
    {
        if (isset($params['fields']) && is_array($params['fields'])) {
            $fields = &$params['fields'];
            if (!isset($fields['dni'])) {
                $fields['dni'] = (new FormField())->setName('dni')->setType('text');
            }
            $fields['dni']->setLabel($this->l('RUT'))->setMaxLength(12);
            if (!isset($fields['company'])) {
                $fields['company'] = (new FormField())->setName('company')->setType('text');
            }
            $fields['company']->setLabel($this->l('Razón social (solo factura)'))->setMaxLength(TimbreCheckoutRules::MAX_COMPANY);
        }
        $saved = ($id = (int) Tools::getValue('id_address')) ? $this->addressData($id) : null;
        $document = (new FormField())
            ->setName(self::FIELD_DOCUMENT)
            ->setType('select')
            ->setLabel($this->l('Documento tributario'))
            ->setRequired(true)
            ->addAvailableValue(TimbreCheckoutRules::BOLETA, $this->l('Boleta'))
            ->addAvailableValue(TimbreCheckoutRules::FACTURA, $this->l('Factura'))
            ->setValue($saved ? $saved['document_type'] : TimbreCheckoutRules::BOLETA);
        $giro = (new FormField())
            ->setName(self::FIELD_GIRO)
            ->setType('text')
            ->setLabel($this->l('Giro (solo factura)'))
            ->setMaxLength(TimbreCheckoutRules::MAX_GIRO)
            ->setValue($saved ? $saved['giro'] : '');

        return [$document, $giro];
    }

    public function hookActionValidateCustomerAddressForm($params)
    {
        $form = $params['form'];
        $value = function ($key) use ($form) {
            $f = $form->getField($key);

            return $f ? $f->getValue() : null;
        };
        $errors = TimbreCheckoutRules::validate(
            $value('timbre_' . self::FIELD_DOCUMENT),
            $value('dni'),
            $value('company'),
            $value('timbre_' . self::FIELD_GIRO)
        );
        foreach ($errors as $field => $code) {
            $key = in_array($field, ['dni', 'company'], true) ? $field : 'timbre_' . $field;
            $f = $form->getField($key);
            if ($f) {
                $f->addError($this->checkoutMessage($code));
            }
        }
        if (!$errors && ($dni = $form->getField('dni')) && trim((string) $dni->getValue()) !== '') {
            $dni->setValue(TimbreRut::normalize($dni->getValue()));
        }

        return !$errors;
    }

    public function checkoutMessage($code)
    {
        $messages = [
            'document_type_invalid' => $this->l('Elija boleta o factura.'),
            'rut_invalid' => $this->l('El RUT no es válido: revise el dígito verificador.'),
            'rut_required' => $this->l('Para emitir una factura necesitamos el RUT de la empresa.'),
            'company_required' => $this->l('Para emitir una factura necesitamos la razón social.'),
            'company_too_long' => $this->l('La razón social admite hasta 100 caracteres.'),
            'giro_required' => $this->l('Para emitir una factura necesitamos el giro de la empresa.'),
            'giro_too_long' => $this->l('El giro admite hasta 40 caracteres.'),
        ];

        return isset($messages[$code]) ? $messages[$code] : $code;
    }

    public function hookActionSubmitCustomerAddressForm($params)
    {
        $document = (string) Tools::getValue(self::FIELD_DOCUMENT, TimbreCheckoutRules::BOLETA);
        $this->pendingAddressData = [
            'document_type' => in_array($document, TimbreCheckoutRules::documentTypes(), true) ? $document : TimbreCheckoutRules::BOLETA,
            'giro' => mb_substr(trim((string) Tools::getValue(self::FIELD_GIRO, '')), 0, TimbreCheckoutRules::MAX_GIRO),
        ];
        // Address has no such properties; the form copied them onto it.
        if (isset($params['address'])) {
            unset($params['address']->{self::FIELD_DOCUMENT}, $params['address']->{self::FIELD_GIRO});
        }
    }

    public function hookActionObjectAddressAddAfter($params)
    {
        $this->saveAddressData($params);
    }

    public function hookActionObjectAddressUpdateAfter($params)
    {
        $this->saveAddressData($params);
    }

    private function saveAddressData($params)
    {
        $address = isset($params['object']) ? $params['object'] : null;
        if ($this->pendingAddressData === null || !Validate::isLoadedObject($address)) {
            return;
        }
        $d = $this->pendingAddressData;
        Db::getInstance()->execute(
            'REPLACE INTO `' . _DB_PREFIX_ . 'timbre_address` (id_address, document_type, giro, date_upd) VALUES ('
            . (int) $address->id . ", '" . pSQL($d['document_type']) . "', '" . pSQL($d['giro']) . "', NOW())"
        );
    }

    // ------------------------------------------------------------------------------------------
    // Documents shown in the back office and to the buyer

    public function hookDisplayAdminOrderMain($params)
    {
        $id = isset($params['id_order']) ? (int) $params['id_order'] : 0;
        $order = $id ? $this->hubClient(3)->order($id) : null;
        $this->context->smarty->assign([
            'timbre' => $this->orderPanel($order, true),
            'timbre_configured' => $this->hubClient()->isConfigured(),
        ]);

        return $this->display(__FILE__, 'views/templates/hook/admin_order.tpl');
    }

    public function hookDisplayOrderDetail($params)
    {
        $order = isset($params['order']) ? $params['order'] : null;
        if (!Validate::isLoadedObject($order)) {
            return '';
        }
        $view = $this->hubClient(3)->order($order->id);
        $panel = $this->orderPanel($view, false);
        if (!$panel['documents']) {
            return '';
        }
        $this->context->smarty->assign(['timbre' => $panel]);

        return $this->display(__FILE__, 'views/templates/hook/order_detail.tpl');
    }

    /** The hub's order view as the templates print it: Spanish names, dd-mm-aaaa dates, no codes. */
    private function orderPanel($order, $forMerchant)
    {
        $docs = [];
        foreach ($order && isset($order['documents']) ? $order['documents'] : [] as $d) {
            $docs[] = [
                'title' => TimbreDocumentNames::title((int) $d['type'], (int) $d['folio']),
                'state' => TimbreDocumentNames::state((string) $d['state']),
                'date' => TimbreDocumentNames::date((string) $d['issueDate']),
                'total' => TimbreDocumentNames::money((int) $d['total']),
                'pdfUrl' => (string) $d['pdfUrl'],
                'xmlUrl' => $forMerchant ? (string) $d['xmlUrl'] : '',
            ];
        }
        $pending = [];
        if ($forMerchant && $order && !empty($order['pendingReasons'])) {
            foreach ($order['pendingReasons'] as $r) {
                $pending[] = is_array($r) ? (isset($r['message']) ? (string) $r['message'] : (isset($r['code']) ? (string) $r['code'] : '')) : (string) $r;
            }
        }

        return [
            'known' => $order !== null,
            'documents' => $docs,
            'pending' => array_values(array_filter($pending)),
            'texts' => [
                'title' => $this->l('Documento tributario (Timbre)'),
                'none' => $this->l('Timbre aún no emite un documento para este pedido.'),
                'unknown' => $this->l('Timbre todavía no recibe este pedido; se envía apenas el hub responda.'),
                'notConfigured' => $this->l('Configure Timbre para ver aquí la boleta o factura.'),
                'pending' => $this->l('Pendiente:'),
                'pdf' => $this->l('Ver PDF'),
                'xml' => $this->l('XML'),
                'buyerTitle' => $this->l('Su boleta o factura'),
            ],
        ];
    }

    // ------------------------------------------------------------------------------------------
    // Back office: admin page loads retry the queue; the configuration page

    public function hookActionAdminControllerSetMedia()
    {
        $this->flushAtEnd();
    }

    public function hookAddWebserviceResources()
    {
        return [
            'timbre_orders' => [
                'description' => 'Timbre: tax document chosen at checkout (read only)',
                'class' => 'TimbreOrderData',
                'forbidden_method' => ['PUT', 'POST', 'PATCH', 'DELETE'],
            ],
        ];
    }

    public function getContent()
    {
        $output = '';
        if (Tools::isSubmit('submitTimbreSettings')) {
            $output .= $this->saveSettings();
        } elseif (Tools::isSubmit('submitTimbreFlush')) {
            (new TimbreDbQueueStore())->retryAllNow(time());
            $r = $this->queue()->flush(100, 10.0);
            $output .= $r['failed'] > 0
                ? $this->displayError($this->l('El hub no recibió los eventos; se reintentará automáticamente.'))
                : $this->displayConfirmation(sprintf($this->l('Eventos enviados: %d.'), $r['sent']));
        } else {
            $this->flushAtEnd();
        }
        $stats = (new TimbreDbQueueStore())->stats();
        $admin = $this->context->link->getAdminLink('AdminTimbre');
        $this->context->smarty->assign([
            'timbre_form' => $this->settingsForm(),
            'timbre_stats' => $stats,
            'timbre_configured' => $this->hubClient()->isConfigured(),
            'timbre_cron_url' => $this->context->link->getModuleLink($this->name, 'cron', ['token' => $this->cronToken()]),
            'timbre_flush_url' => $this->context->link->getAdminLink('AdminModules', true, [], ['configure' => $this->name]),
            'timbre_host_json' => json_encode([
                'host' => 'prestashop',
                'apiBase' => $admin . (strpos($admin, '?') === false ? '?' : '&') . 'ajax=1&action=hub&p=/',
                'documentUrl' => $admin . (strpos($admin, '?') === false ? '?' : '&') . 'ajax=1&action=document&file=',
                'mount' => 'timbre-admin',
                'credentials' => 'same-origin',
            ], JSON_HEX_TAG | JSON_HEX_AMP | JSON_HEX_APOS | JSON_HEX_QUOT | JSON_UNESCAPED_SLASHES),
            'timbre_bundle' => file_exists(__DIR__ . '/views/js/timbre-admin.js') ? $this->_path . 'views/js/timbre-admin.js?v=' . $this->version : null,
            'timbre_bundle_css' => file_exists(__DIR__ . '/views/css/timbre-admin.css') ? $this->_path . 'views/css/timbre-admin.css?v=' . $this->version : null,
            'timbre_texts' => [
                'queue' => $this->l('Cola de envío al hub'),
                'pending' => $this->l('Eventos por enviar'),
                'failing' => $this->l('Con error'),
                'lastError' => $this->l('Último error'),
                'lastSent' => $this->l('Último envío'),
                'never' => $this->l('nunca'),
                'flush' => $this->l('Enviar ahora'),
                'cron' => $this->l('Tarea programada (cada 5 minutos)'),
                'notConfigured' => $this->l('Ingrese la URL del hub, la clave de API y el secreto que entregó Timbre al crear la tienda.'),
                'bundleMissing' => $this->l('El panel de Timbre no está incluido en esta versión del módulo.'),
            ],
        ]);

        return $output . $this->display(__FILE__, 'views/templates/admin/configure.tpl');
    }

    private function saveSettings()
    {
        $url = rtrim(trim((string) Tools::getValue(self::CONFIG_HUB_URL)), '/');
        $key = trim((string) Tools::getValue(self::CONFIG_API_KEY));
        $secret = trim((string) Tools::getValue(self::CONFIG_SECRET));
        if ($url === '' || !preg_match('#^https?://[^\s/]+#i', $url)) {
            return $this->displayError($this->l('La URL del hub debe empezar con https:// (o http:// en pruebas).'));
        }
        if ($key === '') {
            return $this->displayError($this->l('Falta la clave de API.'));
        }
        Configuration::updateValue(self::CONFIG_HUB_URL, $url);
        Configuration::updateValue(self::CONFIG_API_KEY, $key);
        // An empty secret field keeps the stored one: the form never shows it back.
        if ($secret !== '') {
            Configuration::updateValue(self::CONFIG_SECRET, $secret);
        } elseif (!Configuration::get(self::CONFIG_SECRET)) {
            return $this->displayError($this->l('Falta el secreto de la tienda.'));
        }
        $this->queue = null;

        return $this->displayConfirmation($this->l('Configuración guardada.'));
    }

    private function settingsForm()
    {
        $helper = new HelperForm();
        $helper->module = $this;
        $helper->name_controller = $this->name;
        $helper->token = Tools::getAdminTokenLite('AdminModules');
        $helper->currentIndex = AdminController::$currentIndex . '&configure=' . $this->name;
        $helper->default_form_language = (int) Configuration::get('PS_LANG_DEFAULT');
        $helper->submit_action = 'submitTimbreSettings';
        $helper->fields_value = [
            self::CONFIG_HUB_URL => Configuration::get(self::CONFIG_HUB_URL),
            self::CONFIG_API_KEY => Configuration::get(self::CONFIG_API_KEY),
            self::CONFIG_SECRET => '',
        ];

        return $helper->generateForm([[
            'form' => [
                'legend' => ['title' => $this->l('Conexión con Timbre'), 'icon' => 'icon-cogs'],
                'input' => [
                    ['type' => 'text', 'name' => self::CONFIG_HUB_URL, 'label' => $this->l('URL del hub'), 'required' => true, 'placeholder' => 'https://hub.timbre.cl'],
                    ['type' => 'text', 'name' => self::CONFIG_API_KEY, 'label' => $this->l('Clave de API'), 'required' => true],
                    ['type' => 'password', 'name' => self::CONFIG_SECRET, 'label' => $this->l('Secreto de la tienda'), 'desc' => $this->l('Déjelo vacío para mantener el guardado.')],
                ],
                'submit' => ['title' => $this->l('Guardar')],
            ],
        ]]);
    }
}
