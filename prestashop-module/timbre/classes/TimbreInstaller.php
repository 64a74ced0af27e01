<?php
/**
 * Install and uninstall: the module's tables, its back-office tab, its configuration keys and
 * read access to its webservice resource. Uninstall removes every one of them.
 */
if (!defined('_PS_VERSION_')) {
    exit;
}

class TimbreInstaller
{
    const TABLES = ['timbre_event', 'timbre_order', 'timbre_address'];
    const TAB = 'AdminTimbre';
    const CONFIG = ['TIMBRE_HUB_URL', 'TIMBRE_API_KEY', 'TIMBRE_SECRET'];
    const WS_RESOURCE = 'timbre_orders';

    public static function install(Module $module)
    {
        return self::createTables() && self::installTab($module) && self::initConfig() && self::grantWebserviceRead();
    }

    public static function uninstall()
    {
        $ok = true;
        foreach (self::TABLES as $t) {
            $ok = Db::getInstance()->execute('DROP TABLE IF EXISTS `' . _DB_PREFIX_ . $t . '`') && $ok;
        }
        $id = (int) Tab::getIdFromClassName(self::TAB);
        if ($id) {
            $ok = (new Tab($id))->delete() && $ok;
        }
        foreach (self::CONFIG as $k) {
            $ok = Configuration::deleteByName($k) && $ok;
        }
        $ok = Db::getInstance()->delete('webservice_permission', "resource = '" . pSQL(self::WS_RESOURCE) . "'") && $ok;

        return $ok;
    }

    private static function createTables()
    {
        $p = _DB_PREFIX_;
        $engine = _MYSQL_ENGINE_;
        $sql = [
            "CREATE TABLE IF NOT EXISTS `{$p}timbre_event` (
                `id_timbre_event` INT UNSIGNED NOT NULL AUTO_INCREMENT,
                `uuid` CHAR(36) NOT NULL,
                `topic` VARCHAR(64) NOT NULL,
                `payload` MEDIUMTEXT NOT NULL,
                `attempts` INT UNSIGNED NOT NULL DEFAULT 0,
                `next_attempt_at` INT UNSIGNED NOT NULL,
                `created_at` INT UNSIGNED NOT NULL,
                `sent_at` INT UNSIGNED NULL,
                `last_error` VARCHAR(500) NULL,
                PRIMARY KEY (`id_timbre_event`),
                UNIQUE KEY `uuid` (`uuid`),
                KEY `due` (`sent_at`, `next_attempt_at`)
            ) ENGINE={$engine} DEFAULT CHARSET=utf8mb4",
            "CREATE TABLE IF NOT EXISTS `{$p}timbre_order` (
                `id_timbre_order` INT UNSIGNED NOT NULL AUTO_INCREMENT,
                `id_order` INT UNSIGNED NOT NULL,
                `document_type` VARCHAR(10) NOT NULL DEFAULT '',
                `rut` VARCHAR(16) NOT NULL DEFAULT '',
                `business_name` VARCHAR(100) NOT NULL DEFAULT '',
                `activity` VARCHAR(40) NOT NULL DEFAULT '',
                `date_add` DATETIME NOT NULL,
                `date_upd` DATETIME NOT NULL,
                PRIMARY KEY (`id_timbre_order`),
                UNIQUE KEY `id_order` (`id_order`)
            ) ENGINE={$engine} DEFAULT CHARSET=utf8mb4",
            "CREATE TABLE IF NOT EXISTS `{$p}timbre_address` (
                `id_address` INT UNSIGNED NOT NULL,
                `document_type` VARCHAR(10) NOT NULL DEFAULT 'boleta',
                `giro` VARCHAR(40) NOT NULL DEFAULT '',
                `date_upd` DATETIME NOT NULL,
                PRIMARY KEY (`id_address`)
            ) ENGINE={$engine} DEFAULT CHARSET=utf8mb4",
        ];
        foreach ($sql as $q) {
            if (!Db::getInstance()->execute($q)) {
                return false;
            }
        }

        return true;
    }

    private static function installTab(Module $module)
    {
        if (Tab::getIdFromClassName(self::TAB)) {
            return true;
        }
        $tab = new Tab();
        $tab->class_name = self::TAB;
        $tab->module = $module->name;
        $tab->id_parent = (int) Tab::getIdFromClassName('AdminParentOrders');
        $tab->active = 1;
        $tab->icon = 'receipt';
        foreach (Language::getLanguages(false) as $lang) {
            $tab->name[$lang['id_lang']] = 'Timbre';
        }

        return (bool) $tab->add();
    }

    private static function initConfig()
    {
        foreach (self::CONFIG as $k) {
            if (Configuration::get($k) === false) {
                Configuration::updateValue($k, '');
            }
        }

        return true;
    }

    /**
     * Webservice keys that may read orders may read what the buyer chose at checkout: the hub
     * needs both to issue the right document. Nothing else is granted.
     */
    private static function grantWebserviceRead()
    {
        $p = _DB_PREFIX_;
        $r = pSQL(self::WS_RESOURCE);

        return Db::getInstance()->execute(
            "INSERT INTO `{$p}webservice_permission` (`resource`, `method`, `id_webservice_account`)
             SELECT '{$r}', m.method, o.id_webservice_account
             FROM `{$p}webservice_permission` o
             JOIN (SELECT 'GET' AS method UNION ALL SELECT 'HEAD') m
             WHERE o.resource = 'orders' AND o.method = 'GET'
               AND NOT EXISTS (SELECT 1 FROM `{$p}webservice_permission` x
                               WHERE x.resource = '{$r}' AND x.method = m.method AND x.id_webservice_account = o.id_webservice_account)"
        );
    }
}
