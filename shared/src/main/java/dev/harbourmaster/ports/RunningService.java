package dev.harbourmaster.ports;

/**
 * An ECS service as it runs now. {@code primaryDeploymentId} is the id of its PRIMARY deployment
 * (ecs-svc/...), or null for a service whose deployments ECS does not manage (CODE_DEPLOY or
 * EXTERNAL deployment controller, as {@code deploymentController} says).
 *
 * @param currentServiceDeploymentArn the service deployment ECS works on now, in its service deployments API (null
 *                                    where it names none)
 */
public record RunningService(String cluster, String serviceName, String serviceArn, String taskDefinitionArn,
                             String primaryDeploymentId, String deploymentController, String currentServiceDeploymentArn) {

    public static final String ECS_CONTROLLER = "ECS";

    public RunningService withCurrentServiceDeployment(String arn) {
        return new RunningService(cluster, serviceName, serviceArn, taskDefinitionArn, primaryDeploymentId, deploymentController, arn);
    }

    /** A service ECS deploys itself, as Harbourmaster needs: its deployment controller is ECS (the default). */
    public boolean deployedByEcs() {
        return deploymentController == null || ECS_CONTROLLER.equals(deploymentController);
    }
}
