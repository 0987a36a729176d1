package org.bayard.store.lmdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmdbjava.Dbi;
import org.lmdbjava.DbiFlags;
import org.lmdbjava.Env;
import org.lmdbjava.EnvFlags;
import org.lmdbjava.Txn;

class ReadTransactionsTest {
    @TempDir
    Path tmp;

    @Test
    void anEndedTransactionIsRenewedOnTheSnapshotCommittedSince() {
        try (Env<ByteBuffer> env = Env.create().setMapSize(1 << 24).setMaxDbs(1).open(tmp.toFile(), EnvFlags.MDB_NOTLS)) {
            Dbi<ByteBuffer> db = env.openDbi("d", DbiFlags.MDB_CREATE);
            ReadTransactions transactions = new ReadTransactions(env);
            Txn<ByteBuffer> first = transactions.begin();
            long before = first.getId();
            assertThat(db.get(first, key(1))).isNull();
            transactions.end(first);

            try (Txn<ByteBuffer> write = env.txnWrite()) {
                db.put(write, key(1), key(7));
                write.commit();
            }
            Txn<ByteBuffer> second = transactions.begin();
            assertThat(second).as("the idle transaction, renewed").isSameAs(first);
            assertThat(second.getId()).isGreaterThan(before);
            assertThat(db.get(second, key(1)).getLong(0)).isEqualTo(7);

            Txn<ByteBuffer> third = transactions.begin();
            assertThat(third).as("none idle: a new one").isNotSameAs(second);
            transactions.end(second);
            transactions.end(third);
            transactions.closeIdle();
            try (Txn<ByteBuffer> fresh = transactions.begin()) {
                assertThat(fresh).as("the idle ones were freed").isNotIn(second, third);
            }
        }
    }

    private static ByteBuffer key(long n) {
        return ByteBuffer.allocateDirect(Long.BYTES).putLong(0, n);
    }
}
