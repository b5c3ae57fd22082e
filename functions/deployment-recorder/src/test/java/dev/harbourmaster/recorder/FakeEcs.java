package dev.harbourmaster.recorder;

import dev.harbourmaster.domain.TaskEvidence;
import dev.harbourmaster.ports.ContainerPlatform;
import dev.harbourmaster.ports.RunningService;
import dev.harbourmaster.ports.ServiceDeployment;
import dev.harbourmaster.ports.ServiceDeploymentState;
import dev.harbourmaster.ports.StartedDeployment;
import dev.harbourmaster.ports.TaskDefinition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What ECS answers the recorder and the sweeper, set by each test; counts the questions. */
final class FakeEcs implements ContainerPlatform {

    final Map<String, List<TaskEvidence>> tasksByDeployment = new HashMap<>();
    final Map<String, List<ServiceDeployment>> deploymentsByService = new HashMap<>();
    final Map<String, TaskDefinition> taskDefinitions = new HashMap<>();
    final Map<String, RunningService> services = new HashMap<>();
    final Map<String, ServiceDeploymentState> serviceDeployments = new HashMap<>();
    final List<String> asked = new ArrayList<>();

    @Override
    public synchronized List<TaskEvidence> tasksStartedBy(String cluster, String ecsDeploymentId) {
        asked.add("tasks " + ecsDeploymentId);
        return tasksByDeployment.getOrDefault(ecsDeploymentId, List.of());
    }

    @Override
    public synchronized List<ServiceDeployment> deploymentsOf(String cluster, String serviceName) {
        asked.add("deployments " + serviceName);
        return deploymentsByService.getOrDefault(serviceName, List.of());
    }

    @Override
    public synchronized Map<String, RunningService> services(String cluster, List<String> serviceNames) {
        asked.add("services " + serviceNames);
        Map<String, RunningService> found = new HashMap<>();
        serviceNames.stream().filter(services::containsKey).forEach(name -> found.put(name, services.get(name)));
        return found;
    }

    @Override
    public synchronized TaskDefinition taskDefinition(String taskDefinitionArn) {
        asked.add("task definition " + taskDefinitionArn);
        TaskDefinition found = taskDefinitions.get(taskDefinitionArn);
        if (found == null) {
            throw new IllegalStateException("no task definition " + taskDefinitionArn + " in this test");
        }
        return found;
    }

    @Override
    public TaskDefinition registerRevision(TaskDefinition current, Map<String, String> imagesByContainer) {
        throw new UnsupportedOperationException("the recorder never registers task definitions");
    }

    @Override
    public StartedDeployment updateService(String cluster, String serviceName, String taskDefinitionArn) {
        throw new UnsupportedOperationException("the recorder never updates services");
    }

    @Override
    public synchronized List<ServiceDeploymentState> serviceDeployments(List<String> serviceDeploymentArns) {
        asked.add("service deployments " + serviceDeploymentArns);
        return serviceDeploymentArns.stream().filter(serviceDeployments::containsKey).map(serviceDeployments::get).toList();
    }

    @Override
    public void stopServiceDeployment(String serviceDeploymentArn, String stopType) {
        throw new UnsupportedOperationException("the recorder never stops deployments");
    }

    @Override
    public void continueServiceDeployment(String serviceDeploymentArn, String hookId, String action) {
        throw new UnsupportedOperationException("the recorder never answers hooks");
    }
}
