export { loadConfig, findProjectRoot, type HubConfig } from "./config.js";
export { openHub, type Hub, type HealthReport, type OpenHubOptions } from "./hub.js";
export { migrate, listMigrations, type MigrationResult } from "./db/migrate.js";
export { openDatabase, type DatabaseHandle } from "./db/open-database.js";
export { startEmbeddedServer, type EmbeddedServer } from "./db/embedded-server.js";
export { createPrismaClient, type Db } from "./db/prisma-client.js";
export { createEncryptor, parseSecretKey, generateSecretKey, type Encryptor } from "./secrets/encryptor.js";
export { createApiHandler, type ApiHandler } from "./api/handler.js";
