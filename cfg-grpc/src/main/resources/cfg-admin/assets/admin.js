// cfg-grpc admin: draws the dashboard's charts from the monitoring API's timeline and keeps them
// fresh. Loaded as a file (the Content-Security-Policy runs no inline script).
(function () {
  'use strict';

  var charts = {};

  function series(points, key) {
    return points.map(function (point) { return point[key]; });
  }

  function labels(points) {
    return points.map(function (point) {
      return point.timestamp.replace('T', ' ').replace(/:00Z$/, '').replace(/Z$/, '');
    });
  }

  function draw(id, config) {
    var canvas = document.getElementById(id);
    if (!canvas) {
      return;
    }
    if (charts[id]) {
      charts[id].data = config.data;
      charts[id].update('none');
      return;
    }
    charts[id] = new window.Chart(canvas, config);
  }

  function show(points) {
    var rate = points.map(function (point) {
      return point.count ? Math.round(1000 * (point.errors + point.timeout) / point.count) / 10 : 0;
    });
    draw('calls-chart', {
      type: 'bar',
      data: {
        labels: labels(points),
        datasets: [
          { label: 'Successful', data: series(points, 'successful'), backgroundColor: '#2e7d32', stack: 'calls', yAxisID: 'y' },
          { label: 'Errors', data: points.map(function (p) { return p.errors + p.timeout + p.cancelled; }),
            backgroundColor: '#c62828', stack: 'calls', yAxisID: 'y' },
          { label: 'Error rate %', data: rate, type: 'line', borderColor: '#6a1b9a', backgroundColor: '#6a1b9a',
            yAxisID: 'rate', pointRadius: 2 }
        ]
      },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false,
        scales: {
          y: { beginAtZero: true, stacked: true, title: { display: true, text: 'calls' } },
          rate: { beginAtZero: true, position: 'right', suggestedMax: 10, grid: { drawOnChartArea: false },
            title: { display: true, text: 'error rate %' } },
          x: { stacked: true }
        }
      }
    });
    draw('latency-chart', {
      type: 'line',
      data: {
        labels: labels(points),
        datasets: [
          { label: 'p50', data: series(points, 'p50_duration_ms'), borderColor: '#1565c0', backgroundColor: '#1565c0', pointRadius: 2 },
          { label: 'p95', data: series(points, 'p95_duration_ms'), borderColor: '#ef6c00', backgroundColor: '#ef6c00', pointRadius: 2 },
          { label: 'p99', data: series(points, 'p99_duration_ms'), borderColor: '#c62828', backgroundColor: '#c62828', pointRadius: 2 }
        ]
      },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false, spanGaps: true,
        scales: { y: { beginAtZero: true, title: { display: true, text: 'ms' } } }
      }
    });
  }

  function load() {
    var canvas = document.getElementById('calls-chart');
    var status = document.getElementById('chart-status');
    if (!canvas || !window.Chart) {
      return;
    }
    fetch(canvas.getAttribute('data-timeline'), { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error('the monitoring API answered ' + response.status);
        }
        return response.json();
      })
      .then(function (body) {
        show(body.timeline);
        canvas.setAttribute('data-points', String(body.timeline.length));
        status.textContent = body.timeline.length ? '' : 'No calls in this period to chart yet.';
      })
      .catch(function (error) {
        status.textContent = 'Charts unavailable: ' + error.message + '.';
      });
  }

  document.addEventListener('DOMContentLoaded', function () {
    load();
    if (document.getElementById('calls-chart')) {
      window.setInterval(load, 30000);
    }
  });
}());

// The live page: a stream of finished calls (server-sent events from the monitoring API), shown
// newest first. While paused, calls are kept (up to a bound) and shown on resuming; the page keeps
// at most a few hundred rows.
(function () {
  'use strict';

  var ROWS = 500;
  var KEPT_WHILE_PAUSED = 2000;

  function cell(row, text) {
    var td = document.createElement('td');
    td.textContent = (text === undefined || text === null) ? '–' : String(text);
    row.appendChild(td);
    return td;
  }

  function start() {
    var table = document.getElementById('live-calls');
    if (!table || !window.EventSource) {
      return;
    }
    var body = table.querySelector('tbody');
    var state = document.getElementById('live-state');
    var counts = document.getElementById('live-counts');
    var pause = document.getElementById('live-pause');
    var paused = false;
    var held = [];
    var shown = 0;
    var lostWhilePaused = 0;
    var droppedByServer = 0;

    function show(call) {
      var row = document.createElement('tr');
      row.className = 'live-call' + (call.status === 'OK' ? '' : ' failed');
      cell(row, call.completedAt.replace('T', ' ').replace(/(\.\d{3})\d*/, '$1').replace('Z', ''));
      var method = cell(row, '');
      var link = document.createElement('a');
      link.href = table.getAttribute('data-request') + encodeURIComponent(call.requestId);
      link.textContent = call.service + '/' + call.method;
      method.appendChild(link);
      var status = cell(row, call.status);
      if (call.message) {
        status.title = call.message;
      }
      cell(row, call.durationMs);
      cell(row, call.user);
      cell(row, call.clientIp);
      cell(row, call.protocol);
      body.insertBefore(row, body.firstChild);
      while (body.rows.length > ROWS) {
        body.deleteRow(body.rows.length - 1);
      }
      shown++;
    }

    function tell() {
      var text = shown + ' shown';
      if (paused) {
        text += ', ' + held.length + ' waiting';
      }
      if (lostWhilePaused || droppedByServer) {
        text += ', ' + (lostWhilePaused + droppedByServer) + ' dropped';
      }
      counts.textContent = text;
    }

    var source = new EventSource(table.getAttribute('data-stream') + window.location.search,
      { withCredentials: true });
    source.onopen = function () {
      state.textContent = paused ? 'Paused' : 'Watching';
    };
    source.onerror = function () {
      state.textContent = 'Reconnecting…';
    };
    source.addEventListener('calls', function (event) {
      var data = JSON.parse(event.data);
      droppedByServer = data.dropped;
      data.calls.forEach(function (call) {
        if (!paused) {
          show(call);
        }
        else if (held.length < KEPT_WHILE_PAUSED) {
          held.push(call);
        }
        else {
          lostWhilePaused++;
        }
      });
      tell();
    });
    pause.addEventListener('click', function () {
      paused = !paused;
      pause.textContent = paused ? 'Resume' : 'Pause';
      pause.setAttribute('aria-pressed', String(paused));
      state.textContent = paused ? 'Paused' : 'Watching';
      if (!paused) {
        held.forEach(show);
        held = [];
      }
      tell();
    });
  }

  document.addEventListener('DOMContentLoaded', start);
}());
