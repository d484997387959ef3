export { variantFileName } from "./variant-file-name.js";
