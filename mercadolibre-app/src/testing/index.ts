export {
  startMercadoLibreEmulator,
  meliJson,
  type MeliEmulator,
  type MeliEmulatorOptions,
  type NewItem,
  type NewSale,
} from "./emulator.js";
