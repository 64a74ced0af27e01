import { registerConnector } from "@timbre/core/platforms";
import factory from "../src/connector/index.js";

registerConnector(await factory({ env: process.env, publicUrl: "http://localhost:3000", role: "test" }));
