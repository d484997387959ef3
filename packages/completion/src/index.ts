export { SHELLS, isShell, type Shell } from "./shells.js";
