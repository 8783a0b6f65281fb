/**
 * The command a drill or deploy message suggests, as the user ran this one (check's messages do
 * the same through `invokedAs`).
 */
import { binName, invokedAs } from "../cli/args";

/**
 * `command` as the user would run it again: `npm run drill --` under this project's script of
 * that name, else the bin as `invokedAs` names it (`npx multi-region-failover drill`,
 * `npm start -- drill`, `multi-region-failover drill`).
 */
export function commandAsRun(
    command: "drill" | "deploy",
    env: NodeJS.ProcessEnv = process.env,
    script: string = process.argv[1] ?? "",
): string {
    if (env.npm_lifecycle_event === command && script.split(/[\\/]/).pop() === binName) {
        return `npm run ${command} --`;
    }
    return `${invokedAs(env, script)} ${command}`;
}
