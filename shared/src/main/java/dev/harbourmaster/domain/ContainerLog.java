package dev.harbourmaster.domain;

/**
 * Where a container of a task definition sends its logs, as its awslogs configuration names them:
 * each task's stream is {@code streamPrefix/container/taskId} in {@code group}.
 */
public record ContainerLog(String container, String group, String region, String streamPrefix) {

    /** The log stream of this container in the task with this id. */
    public String stream(String taskId) {
        return streamPrefix + "/" + container + "/" + taskId;
    }
}
