package dev.activitylog.demo.control;

import dev.activitylog.log.entity.NewEntry;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Made-up but plausible activity for a first look at the console: people who sign in, work on orders, customers and
 * documents and sign out (some after a failed attempt), and service accounts that send invoices, capture payments,
 * export and deploy. Actors, actions, subjects and details vary (short, absent, multi-line, long, non-ASCII); the
 * time cannot, as the log stamps every entry itself. The same seed always gives the same entries
 * ({@link Random}'s sequence is specified), so tests and screenshots are repeatable.
 */
public final class DemoEntries {
    /** What {@code activitylog.demo} appends: a few hundred entries, always the same ones. */
    public static final long SEED = 17;
    public static final int COUNT = 300;

    static final List<String> PEOPLE = List.of("alice", "bob", "carol.nguyen", "dmitri", "Zoë", "李雷", "sam.okafor");
    static final List<String> SERVICES = List.of("billing-service", "nightly-export", "ops-bot");
    private static final List<String> CANCEL_REASONS = List.of("customer asked by phone", "duplicate order",
            "out of stock at the supplier", "payment not received within 14 days", "address could not be verified");
    private static final List<String> SETTINGS = List.of("mail.smtp.host", "shop.currency", "orders.autoCancelDays",
            "invoices.dueDays", "login.maxFailures");
    private static final List<String> DOCUMENTS = List.of("contracts/2026/acme-framework.pdf", "hr/handbook-v7.pdf",
            "finance/q3-report.xlsx", "legal/dpa-signed.pdf", "ops/runbook.md");
    private static final List<String> ROLES = List.of("auditor", "support", "finance", "activity-log-admin");

    private final Random random;
    /** Service runs take turns, so every service account shows up even in a short demo. */
    private int serviceRuns;

    private DemoEntries(long seed) {
        this.random = new Random(seed);
    }

    /** {@code count} entries from {@code seed}, in the order they are to be appended. */
    public static List<NewEntry> generate(long seed, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative: " + count);
        }
        DemoEntries demo = new DemoEntries(seed);
        List<NewEntry> entries = new ArrayList<>(count + 8);
        while (entries.size() < count) {
            if (demo.random.nextInt(4) == 0) {
                demo.serviceBatch(entries);
            } else {
                demo.session(entries);
            }
        }
        return List.copyOf(entries.subList(0, count));
    }

    /** A person signs in (now and then after a wrong password), does a few things, and usually signs out. */
    private void session(List<NewEntry> out) {
        String who = pick(PEOPLE);
        String from = "from 10.20." + random.nextInt(8) + "." + (2 + random.nextInt(250));
        if (random.nextInt(6) == 0) {
            out.add(NewEntry.of(who, "user.login.failed", "user/" + who, "wrong password " + from));
        }
        out.add(NewEntry.of(who, "user.login", "user/" + who, from + ", " + pick(List.of("Firefox 128", "Chrome 131",
                "Safari 18", "Edge 131"))));
        int actions = 1 + random.nextInt(6);
        for (int i = 0; i < actions; i++) {
            out.add(work(who));
        }
        if (random.nextInt(5) != 0) {
            out.add(NewEntry.of(who, "user.logout", "user/" + who, null));
        }
    }

    private NewEntry work(String who) {
        String order = "order/" + (10_000 + random.nextInt(90_000));
        String customer = "customer/" + (1_000 + random.nextInt(9_000));
        return switch (random.nextInt(10)) {
            case 0, 1 -> NewEntry.of(who, "order.view", order, null);
            case 2 -> NewEntry.of(who, "order.place", order, (1 + random.nextInt(9)) + " items, total " + money());
            case 3 -> NewEntry.of(who, "order.cancel", order, pick(CANCEL_REASONS));
            case 4 -> NewEntry.of(who, "customer.update", customer, customerChange(customer));
            case 5 -> NewEntry.of(who, "document.download", "document/" + pick(DOCUMENTS),
                    (1 + random.nextInt(900)) / 100.0 + " MB");
            case 6 -> NewEntry.of(who, "payment.refund", "payment/pay_" + Long.toString(random.nextLong() >>> 24, 36),
                    money() + " refunded: " + pick(List.of("parcel damaged", "returned within 30 days", "goodwill")));
            case 7 -> {
                String other = pick(PEOPLE);
                boolean grant = random.nextBoolean();
                yield NewEntry.of(who, grant ? "role.grant" : "role.revoke", "user/" + other,
                        "role " + pick(ROLES) + (grant ? " granted to " : " revoked from ") + other);
            }
            case 8 -> {
                String key = pick(SETTINGS);
                yield NewEntry.of(who, "settings.change", "settings/" + key, key + ": " + random.nextInt(30) + " → "
                        + random.nextInt(30));
            }
            default -> NewEntry.of(who, "report.run", "report/" + pick(List.of("sales-by-region", "open-invoices",
                    "refunds-monthly")), "rows: " + random.nextInt(5_000) + "\nduration: "
                    + (1 + random.nextInt(90)) / 10.0 + " s\nfilter: last 30 days");
        };
    }

    /** A long detail: the record before and after, as a client would log it (the console previews it). */
    private String customerChange(String customer) {
        if (random.nextInt(3) != 0) {
            return pick(List.of("email", "phone", "delivery address", "newsletter consent")) + " changed";
        }
        int id = Integer.parseInt(customer.substring(customer.indexOf('/') + 1));
        return "{\"before\":{\"id\":" + id + ",\"name\":\"Customer " + id + "\",\"email\":\"c" + id
                + "@example.com\",\"phone\":\"+49 30 " + (1_000_000 + random.nextInt(9_000_000))
                + "\",\"address\":{\"street\":\"Hauptstraße " + (1 + random.nextInt(200))
                + "\",\"city\":\"Berlin\",\"zip\":\"10115\"},\"tier\":\"silver\"},"
                + "\"after\":{\"id\":" + id + ",\"name\":\"Customer " + id + "\",\"email\":\"customer" + id
                + "@example.org\",\"phone\":\"+49 30 " + (1_000_000 + random.nextInt(9_000_000))
                + "\",\"address\":{\"street\":\"Lindenallee " + (1 + random.nextInt(200))
                + "\",\"city\":\"Potsdam\",\"zip\":\"14467\"},\"tier\":\"gold\"}}";
    }

    /** A service account's run: a burst of the same kind of entry. */
    private void serviceBatch(List<NewEntry> out) {
        String service = SERVICES.get(serviceRuns++ % SERVICES.size());
        int n = 2 + random.nextInt(7);
        for (int i = 0; i < n; i++) {
            switch (service) {
                case "billing-service" -> {
                    int invoice = 40_000 + random.nextInt(10_000);
                    out.add(random.nextBoolean()
                            ? NewEntry.of(service, "invoice.send", "invoice/2026-" + invoice,
                            "sent to billing+" + invoice + "@example.com")
                            : NewEntry.of(service, "payment.capture", "invoice/2026-" + invoice, money() + " captured"));
                }
                case "nightly-export" -> out.add(NewEntry.of(service, "export.run", "export/" + pick(List.of(
                        "orders", "customers", "invoices")), String.format(Locale.ROOT, "%,d rows, format %s",
                        random.nextInt(200_000), pick(List.of("csv", "jsonl")))));
                default -> out.add(random.nextInt(3) == 0
                        ? NewEntry.of(service, "alert.ack", "alert/" + (100 + random.nextInt(900)),
                        pick(List.of("disk 91% full on db-2", "p99 latency over 800 ms", "certificate expires in 14 days")))
                        : NewEntry.of(service, "deploy.finish", "service/" + pick(List.of("shop-web", "shop-api",
                        "billing")), "version 2." + random.nextInt(20) + "." + random.nextInt(10) + " on "
                        + (2 + random.nextInt(4)) + " nodes"));
            }
        }
    }

    private String money() {
        return String.format(Locale.ROOT, "EUR %d.%02d", 5 + random.nextInt(900), random.nextInt(100));
    }

    private <T> T pick(List<T> from) {
        return from.get(random.nextInt(from.size()));
    }
}
