package dev.harbourmaster.support;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/** Runs independent calls (AWS requests, mostly) a few at a time. */
public final class Parallel {

    private Parallel() {}

    /**
     * Runs the tasks on at most {@code threads} threads; the results keep the tasks' order. A task's
     * runtime exception is rethrown as it is.
     *
     * @param interrupted the exception to throw when this thread is interrupted while waiting
     */
    public static <T> List<T> all(List<Callable<T>> tasks, int threads, Supplier<RuntimeException> interrupted) {
        if (tasks.isEmpty()) {
            return List.of();
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, tasks.size())));
        try {
            List<T> results = new ArrayList<>();
            for (Future<T> future : pool.invokeAll(tasks)) {
                results.add(future.get());
            }
            return results;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            RuntimeException thrown = interrupted.get();
            thrown.addSuppressed(e);
            throw thrown;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Two results of different types, read at the same time. */
    public record Both<A, B>(A first, B second) {}

    /** Runs {@code first} and {@code second} at the same time, as {@link #all} runs its tasks. */
    @SuppressWarnings("unchecked")
    public static <A, B> Both<A, B> both(Callable<A> first, Callable<B> second, Supplier<RuntimeException> interrupted) {
        List<Object> results = all(List.of(first::call, second::call), 2, interrupted);
        return new Both<>((A) results.get(0), (B) results.get(1));
    }
}
