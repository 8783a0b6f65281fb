import { StackValidationPolicy } from "@pulumi/policy";
import { closedSchema } from "../lib/config";
import { asBoolean, asString, isPresent, UnknownTracker } from "../lib/props";
import { dbInstanceType } from "../lib/types";

const deleteInstanceDoc =
    "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DeleteDBInstance.html";

/**
 * What deleting `props` (an RDS instance's inputs) would do, when it is a read replica that asks
 * for a final snapshot: AWS takes no final snapshot of a read replica, so the delete fails
 * (DeleteDBInstance; terraform-provider-aws#4276). Undefined for anything else. The program
 * deploys fine: this is a trap at delete time, not an input AWS refuses.
 */
export function replicaDeleteTrap(props: Record<string, unknown>): string | undefined {
    if (!isPresent(props, "replicateSourceDb")) {
        return undefined;
    }
    const skip = asBoolean(props.skipFinalSnapshot) ?? false;
    const snapshot = asString(props.finalSnapshotIdentifier);
    if (skip && snapshot === undefined) {
        return undefined;
    }
    return `skipFinalSnapshot is ${skip}${snapshot !== undefined ? ` and finalSnapshotIdentifier is ${JSON.stringify(snapshot)}` : ""}`;
}

/**
 * A read replica set to take a final snapshot deploys and runs, but the day it is deleted (a
 * destroy, a replacement, a region being retired) the delete fails: RDS takes no final snapshot
 * of a read replica. Advisory: nothing is wrong until then.
 */
export const rdsReplicaFinalSnapshot: StackValidationPolicy = {
    name: "rds-replica-final-snapshot",
    description:
        "An RDS read replica sets skipFinalSnapshot true and no finalSnapshotIdentifier: AWS takes no final snapshot of a read replica, so a delete that asks for one fails.",
    enforcementLevel: "advisory",
    severity: "low",
    remediationSteps:
        "Set skipFinalSnapshot: true and remove finalSnapshotIdentifier on the replica. Protect it with deletionProtection and the resource's protect option instead; its data is the source's, whose final snapshot is what keeps it.",
    url: deleteInstanceDoc,
    configSchema: closedSchema({ properties: {} }),
    validateStack: (args, reportViolation) => {
        const instances = args.resources.filter((r) => r.type === dbInstanceType);
        if (instances.length === 0) {
            args.notApplicable("the stack has no RDS instances");
        }
        const unknowns = new UnknownTracker();
        for (const instance of instances) {
            unknowns.guard(() => {
                const trap = replicaDeleteTrap(instance.props);
                if (trap !== undefined) {
                    reportViolation(
                        `Set skipFinalSnapshot true and no finalSnapshotIdentifier on read replica "${instance.name}": it deploys and runs, but ${trap}, and AWS takes no final snapshot of a read replica, so deleting it (destroy, replacement, retiring its Region) will fail until both are changed (${deleteInstanceDoc}).`,
                        instance.urn,
                    );
                }
            });
        }
        unknowns.rethrow();
    },
};
