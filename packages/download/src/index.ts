export { repoFolderName } from "./repo-folder-name.js";
