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
