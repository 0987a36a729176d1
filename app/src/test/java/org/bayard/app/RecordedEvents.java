package org.bayard.app;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bayard.app.gate.GateAction;
import org.bayard.app.gate.GateEvents;
import org.bayard.core.store.LearnSource;
import org.bayard.core.store.MailClass;

/** What a gate told its listener, in the order it told it; the time each message took kept apart. */
final class RecordedEvents implements GateEvents {
    record Message(GateAction action, boolean unsure) {}

    record Learned(MailClass mailClass, LearnSource source) {}

    final List<Record> told = new CopyOnWriteArrayList<>();
    final List<Long> nanos = new CopyOnWriteArrayList<>();

    @Override
    public void message(GateAction action, boolean unsure, long nanos) {
        told.add(new Message(action, unsure));
        this.nanos.add(nanos);
    }

    @Override
    public void learned(MailClass mailClass, LearnSource source) {
        told.add(new Learned(mailClass, source));
    }

    /** What was told since the last call, then forgotten. */
    List<Record> take() {
        List<Record> all = List.copyOf(told);
        told.removeAll(all);
        return all;
    }
}
