package dev.harbourmaster.cli;

import dev.harbourmaster.testing.Emulator;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;

/** hm's session on the emulator's clients (which count every request), with who asks set by the test. */
final class EmulatorSession extends Session {

    private final Emulator emulator;
    private final Supplier<Actor> actor;

    EmulatorSession(Emulator emulator, Supplier<Actor> actor) {
        this.emulator = emulator;
        this.actor = actor;
    }

    @Override
    public synchronized DynamoDbClient dynamo() {
        return emulator.dynamo();
    }

    @Override
    public synchronized EcsClient ecs() {
        return emulator.ecs();
    }

    @Override
    public synchronized EcrClient ecr() {
        return emulator.ecr();
    }

    @Override
    public synchronized Actor actor() {
        return actor.get();
    }
}
