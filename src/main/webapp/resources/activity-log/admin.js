/*
 * Live tail of the entry list: polls /admin/tail for entries above the newest one shown (same filters) and inserts
 * them at the top of the table. Only runs on the newest page (the server renders #live there). Every value is put in
 * with textContent, never as HTML. Without JavaScript the page works the same, minus this.
 */
(function () {
    'use strict';
    var live = document.getElementById('live');
    var body = document.getElementById('entries-body');
    if (!live || !body || !window.fetch) {
        return;
    }
    var table = document.getElementById('entries');
    var status = document.getElementById('live-status');
    var toggle = document.getElementById('live-toggle');
    var tailUrl = live.getAttribute('data-tail-url');
    var entryUrl = live.getAttribute('data-entry-url');
    var after = Number(live.getAttribute('data-after'));
    var INTERVAL = 2000;
    var MAX_ADDED = 1000;
    var added = 0;
    var paused = false;
    var timer = null;

    live.hidden = false;

    function say(text) {
        status.textContent = text;
    }

    // The server sends fields with hidden characters already made visible; bdi keeps each one's direction to itself.
    function cell(cls, text) {
        var td = document.createElement('td');
        td.className = cls;
        var bdi = document.createElement('bdi');
        bdi.textContent = text;
        td.appendChild(bdi);
        return td;
    }

    function row(e) {
        var tr = document.createElement('tr');
        tr.setAttribute('data-seq', String(e.seq));
        tr.className = 'new';
        // A failure is marked as the server marks it in the list (docs/admin-console.md).
        if (typeof e.outcome === 'string' && e.outcome.indexOf('FAILURE') === 0) {
            tr.className = 'new failure';
            tr.title = e.outcome;
        }
        var seq = document.createElement('td');
        seq.className = 'seq';
        var a = document.createElement('a');
        a.href = entryUrl + encodeURIComponent(String(e.seq));
        a.textContent = String(e.seq);
        a.setAttribute('aria-label', 'Entry ' + e.seq);
        seq.appendChild(a);
        tr.appendChild(seq);
        tr.appendChild(cell('time', e.time));
        tr.appendChild(cell('actor', e.actor));
        tr.appendChild(cell('action', e.action));
        tr.appendChild(cell('subject', e.subject));
        tr.appendChild(cell('detail', e.detail));
        return tr;
    }

    function schedule(delay) {
        clearTimeout(timer);
        if (!paused) {
            timer = setTimeout(poll, delay);
        }
    }

    function poll() {
        if (document.hidden) {
            schedule(INTERVAL);
            return;
        }
        var sep = tailUrl.indexOf('?') < 0 ? '?' : '&';
        fetch(tailUrl + sep + 'after=' + after, {credentials: 'same-origin', headers: {'Accept': 'application/json'}})
            .then(function (r) {
                var type = r.headers.get('Content-Type') || '';
                if (r.redirected || type.indexOf('application/json') !== 0) {
                    throw new Error('signed out: reload the page to sign in again');
                }
                return r.json();
            })
            .then(function (data) {
                if (data.error) {
                    say('Live: paused, the log is ' + data.state + ': ' + data.error + ' (retrying)');
                    schedule(INTERVAL * 5);
                    return;
                }
                var entries = data.entries || [];
                for (var i = entries.length - 1; i >= 0; i--) {
                    body.insertBefore(row(entries[i]), body.firstChild);
                }
                if (entries.length > 0) {
                    after = Math.max(after, entries[0].seq);
                    added += entries.length;
                    if (table) {
                        table.classList.remove('is-empty');
                    }
                    var empty = document.getElementById('empty');
                    if (empty) {
                        empty.hidden = true;
                    }
                    say('Live: ' + added + ' new ' + (added === 1 ? 'entry' : 'entries') + ' since the page loaded, newest '
                        + after + ' at ' + entries[0].time + '.');
                }
                if (data.newerAfter !== undefined) {
                    // More than one poll's worth waiting, or a text search that stopped at its bound.
                    after = Math.max(after, data.newerAfter);
                }
                if (added >= MAX_ADDED) {
                    paused = true;
                    toggle.textContent = 'Resume';
                    say('Live: paused after ' + added + ' new entries; reload the page to see the newest.');
                    return;
                }
                schedule(data.newerAfter !== undefined ? 0 : INTERVAL);
            })
            .catch(function (err) {
                say('Live: ' + err.message);
                schedule(INTERVAL * 5);
            });
    }

    toggle.addEventListener('click', function () {
        paused = !paused;
        if (!paused && added >= MAX_ADDED) {
            added = 0;
        }
        toggle.textContent = paused ? 'Resume' : 'Pause';
        toggle.setAttribute('aria-pressed', paused ? 'true' : 'false');
        live.classList.toggle('paused', paused);
        if (paused) {
            clearTimeout(timer);
            say('Live: paused.');
        } else {
            say('Live: new entries appear here as they are written.');
            schedule(0);
        }
    });

    schedule(INTERVAL);
}());
