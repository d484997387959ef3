export { main } from "./cli.js";
export { ROOT_COMMAND, GLOBAL_OPTIONS, RUN_OPTIONS } from "./spec/index.js";
export type {
  CommandSpec,
  OptionSpec,
  PositionalSpec,
  CompleterName,
  CommandArgs,
  CommandHandler,
} from "./spec/types.js";
export type { CommandContext } from "./context.js";
export { VERSION } from "./version.js";
