import type { CliCommand } from "../command.js";
import { cafList } from "./caf-list.js";
import { cafLoad } from "./caf-load.js";
import { certLoad } from "./cert-load.js";
import { companySet } from "./company-set.js";
import { companyShow } from "./company-show.js";
import { dbMigrate } from "./db-migrate.js";
import { billingUsage } from "./billing-usage.js";
import { ufImport } from "./uf-import.js";
import { dteIssue } from "./dte-issue.js";
import { dteVerify } from "./dte-verify.js";
import { jobsList } from "./jobs-list.js";
import { jobsRetry } from "./jobs-retry.js";
import { ordersIssue } from "./orders-issue.js";
import { ordersShow } from "./orders-show.js";
import { storeCreate } from "./store-create.js";
import { storeList } from "./store-list.js";
import { customerCodes } from "./customer-codes.js";
import { customerList, customerShow } from "./customer-list.js";
import { customerSet } from "./customer-set.js";
import { priceSet } from "./price-set.js";
import { productUpsert } from "./product-upsert.js";
import { productsImport } from "./products-import.js";
import { stockHistoryCommand } from "./stock-history.js";
import { stockMove } from "./stock-move.js";
import { stockShow } from "./stock-show.js";
import { storeSyncSettings } from "./store-sync-settings.js";
import { storeWarehouses } from "./store-warehouses.js";
import { syncRun } from "./sync-run.js";
import { siiEmulator } from "./sii-emulator.js";
import { siiSend } from "./sii-send.js";
import { siiStatus } from "./sii-status.js";
import { warehouseCreate } from "./warehouse-create.js";
import { warehouseList } from "./warehouse-list.js";

import { courierCreate } from "./courier-create.js";
import { courierUpdate } from "./courier-update.js";
import { courierList } from "./courier-list.js";
import { courierLink } from "./courier-link.js";
import { courierZones } from "./courier-zones.js";
import { courierZonesSet } from "./courier-zones-set.js";
import { courierZonesRemove } from "./courier-zones-remove.js";
import { courierRates } from "./courier-rates.js";
import { courierRatesSet } from "./courier-rates-set.js";
import { courierSettings } from "./courier-settings.js";
import { courierMethods } from "./courier-methods.js";
import { courierMethodsSet } from "./courier-methods-set.js";
import { courierDeliveries } from "./courier-deliveries.js";
import { courierDeliveriesAssign } from "./courier-deliveries-assign.js";
import {
  courierDeliveriesCreate,
  courierDeliveriesDeliver,
  courierDeliveriesFail,
  courierDeliveriesShip,
  courierDeliveriesStart,
} from "./courier-deliveries-update.js";
import { courierSettlement } from "./courier-settlement.js";

/** Every `timbre` subcommand. Each lives in its own module and is listed here once. */
export const commands: CliCommand[] = [
  dbMigrate,
  billingUsage,
  ufImport,
  companyShow,
  companySet,
  jobsList,
  jobsRetry,
  storeCreate,
  storeList,
  ordersShow,
  ordersIssue,
  cafLoad,
  cafList,
  certLoad,
  dteIssue,
  dteVerify,
  warehouseCreate,
  warehouseList,
  storeWarehouses,
  storeSyncSettings,
  productUpsert,
  productsImport,
  priceSet,
  stockMove,
  stockShow,
  stockHistoryCommand,
  syncRun,
  customerCodes,
  customerList,
  customerShow,
  customerSet,
  siiSend,
  siiStatus,
  siiEmulator,
  courierCreate,
  courierUpdate,
  courierList,
  courierLink,
  courierZones,
  courierZonesSet,
  courierZonesRemove,
  courierRates,
  courierRatesSet,
  courierSettings,
  courierMethods,
  courierMethodsSet,
  courierDeliveries,
  courierDeliveriesAssign,
  courierDeliveriesCreate,
  courierDeliveriesStart,
  courierDeliveriesShip,
  courierDeliveriesDeliver,
  courierDeliveriesFail,
  courierSettlement,
];
