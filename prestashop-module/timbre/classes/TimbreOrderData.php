<?php
/**
 * What the buyer chose at checkout for one order (document type, RUT, razón social, giro), kept
 * with the order so a later edit of the address cannot change a document already asked for.
 * Exposed read-only to the webservice as `timbre_orders`: the hub reads it with the order.
 */
if (!defined('_PS_VERSION_')) {
    exit;
}

class TimbreOrderData extends ObjectModel
{
    public $id_order;
    public $document_type;
    public $rut;
    public $business_name;
    public $activity;
    public $date_add;
    public $date_upd;

    public static $definition = [
        'table' => 'timbre_order',
        'primary' => 'id_timbre_order',
        'fields' => [
            'id_order' => ['type' => self::TYPE_INT, 'validate' => 'isUnsignedId', 'required' => true],
            'document_type' => ['type' => self::TYPE_STRING, 'validate' => 'isGenericName', 'size' => 10],
            'rut' => ['type' => self::TYPE_STRING, 'validate' => 'isDniLite', 'size' => 16],
            'business_name' => ['type' => self::TYPE_STRING, 'validate' => 'isGenericName', 'size' => 100],
            'activity' => ['type' => self::TYPE_STRING, 'validate' => 'isGenericName', 'size' => 40],
            'date_add' => ['type' => self::TYPE_DATE, 'validate' => 'isDate'],
            'date_upd' => ['type' => self::TYPE_DATE, 'validate' => 'isDate'],
        ],
    ];

    protected $webserviceParameters = [
        'objectNodeName' => 'timbre_order',
        'objectsNodeName' => 'timbre_orders',
        'fields' => [
            'id_order' => ['xlink_resource' => 'orders'],
        ],
    ];

    public static function forOrder($idOrder)
    {
        $id = (int) Db::getInstance()->getValue(
            'SELECT id_timbre_order FROM `' . _DB_PREFIX_ . 'timbre_order` WHERE id_order = ' . (int) $idOrder
        );

        return $id ? new self($id) : null;
    }
}
