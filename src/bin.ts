import { main } from './cli/main.js';

// The only place irctl exits the process.
const code = await main(process.argv.slice(2));
process.exitCode = code;
