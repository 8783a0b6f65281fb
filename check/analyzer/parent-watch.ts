/**
 * Preloaded into the policy pack's process (`node -r`): the pack's stdin is a pipe from the check,
 * and it closes when the check ends however it ends (an exception, a signal, SIGKILL), so the
 * pack's server never outlives the check.
 */
process.stdin.on("end", () => process.exit(0));
process.stdin.on("error", () => process.exit(0));
process.stdin.resume();
