export { startDemo, type DemoHandle } from "./start-demo.js";
export { DEMO_COMPANY, DEMO_STORE } from "./demo-data.js";
export { simulatePaidOrder, demoOrderProgress, type DemoOrderProgress } from "./simulate-order.js";
