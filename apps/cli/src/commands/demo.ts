import type { CommandHandler } from "../spec/types.js";

/** A tour that needs no network: the tasks hftool runs and the models it recommends. */
const demo: CommandHandler = async (args, context) => {
  const { default: tasks } = await import("./tasks.js");
  const { default: models } = await import("./models.js");
  await tasks(args, context);
  context.out.print();
  await models({ ...args, task: "asr" }, context);
};

export default demo;
