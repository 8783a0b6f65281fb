import { Constraint, get, isSet, list } from "./types";

const safetyRuleDoc =
    "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-route53recoverycontrol-safetyrule-assertionrule.html";
const ruleConfigDoc =
    "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-route53recoverycontrol-safetyrule-ruleconfig.html";

/**
 * Safety rule: either an assertion rule (assertedControls) or a gating rule (gatingControls with
 * targetControls), never both; rule type ATLEAST, AND or OR; an ATLEAST threshold from 1 to the
 * number of controls; a non-negative wait period.
 */
export const safetyRule: Constraint = ({ resource }) => {
    const i = resource.inputs;
    const problems: string[] = [];
    const asserted = list(i.assertedControls);
    const gating = list(i.gatingControls);
    const assertion = isSet(i.assertedControls);
    const gate = isSet(i.gatingControls) || isSet(i.targetControls);
    if (assertion === gate) {
        problems.push(
            `a safety rule is either an assertion rule (assertedControls) or a gating rule (gatingControls and targetControls), not ${assertion ? "both" : "neither"} (${safetyRuleDoc})`,
        );
    }
    if (gate && (!isSet(i.gatingControls) || !isSet(i.targetControls))) {
        problems.push(
            `a gating rule needs both gatingControls and targetControls (${safetyRuleDoc})`,
        );
    }
    const type = get(i, "ruleConfig", "type");
    if (!["ATLEAST", "AND", "OR"].includes(String(type))) {
        problems.push(
            `ruleConfig.type ${JSON.stringify(type)} must be ATLEAST, AND or OR (${ruleConfigDoc})`,
        );
    }
    const threshold = get(i, "ruleConfig", "threshold");
    const controls = assertion ? asserted.length : gating.length;
    if (
        type === "ATLEAST" &&
        (!Number.isInteger(Number(threshold)) ||
            Number(threshold) < 1 ||
            Number(threshold) > controls)
    ) {
        problems.push(
            `ruleConfig.threshold ${JSON.stringify(threshold)} must be from 1 to the ${controls} controls the rule checks (${ruleConfigDoc})`,
        );
    }
    const wait = i.waitPeriodMs;
    if (!Number.isInteger(Number(wait)) || Number(wait) < 0) {
        problems.push(
            `waitPeriodMs ${JSON.stringify(wait)} must be a non-negative integer (${safetyRuleDoc})`,
        );
    }
    return problems;
};
