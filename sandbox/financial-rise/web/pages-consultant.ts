import type { Page } from './layout.ts';

/** The signed-in consultant's pages: dashboard, new assessment, results and reports. */

export function dashboardPage(): Page {
  return {
    title: 'Dashboard',
    body: `<h1>Dashboard</h1>
<p id="who"></p>
<p><a class="button" href="/assessments/new">New Assessment</a> <a id="admin-link" href="/admin" hidden>Admin</a>
<button id="logout" type="button">Sign Out</button></p>
<section aria-labelledby="list-h"><h2 id="list-h">Assessments</h2><div id="list">Loading...</div></section>`,
    script: `(async function () {
  if (!FR.requireLogin()) return;
  var u = FR.user() || {};
  document.getElementById('who').textContent = 'Signed in as ' + (u.email || '');
  if (u.role === 'admin') document.getElementById('admin-link').hidden = false;
  document.getElementById('logout').addEventListener('click', async function () {
    try { await FR.api('/auth/logout', { method: 'POST' }); } catch (e) { /* signing out locally is enough */ }
    sessionStorage.clear(); location.assign('/login');
  });
  try {
    var res = await FR.api('/assessments?page=1&limit=20');
    var rows = res.data.map(function (a) {
      return '<tr><td>' + FR.esc(a.client_name) + '</td><td>' + FR.esc(a.business_name) + '</td><td>' + FR.esc(a.status) +
        '</td><td>' + FR.esc(a.progress) + ' %</td><td><a href="/assessments/' + FR.esc(a.id) + '/results">Results</a></td></tr>';
    }).join('');
    document.getElementById('list').innerHTML = res.data.length
      ? '<table><thead><tr><th>Client</th><th>Business</th><th>Status</th><th>Progress</th><th></th></tr></thead><tbody>' + rows + '</tbody></table>'
      : '<p>No assessments yet.</p>';
  } catch (err) { document.getElementById('list').textContent = err.message; }
})();`,
  };
}

export function newAssessmentPage(): Page {
  return {
    title: 'Create New Assessment',
    body: `<h1>Create New Assessment</h1>
<form id="create" novalidate>
<label for="clientName">Client Name</label><input id="clientName" name="clientName" required>
<label for="businessName">Business Name</label><input id="businessName" name="businessName" required>
<label for="clientEmail">Client Email</label><input id="clientEmail" name="clientEmail" type="email" required>
<label for="notes">Notes (Optional)</label><textarea id="notes" name="notes" rows="3"></textarea>
<button type="submit">Create Assessment</button>
<p id="msg" role="alert"></p>
</form>`,
    script: `FR.requireLogin();
document.getElementById('create').addEventListener('submit', async function (e) {
  e.preventDefault();
  var v = function (id) { return document.getElementById(id).value; };
  try {
    var a = await FR.api('/assessments', { method: 'POST',
      body: { clientName: v('clientName'), businessName: v('businessName'), clientEmail: v('clientEmail'), notes: v('notes') || undefined } });
    FR.say('msg', 'Assessment created; the client has been emailed a link.', true);
    location.assign('/assessments/' + a.id + '/results');
  } catch (err) { FR.say('msg', err.message); }
});`,
  };
}

export function resultsPage(): Page {
  return {
    title: 'Assessment Results',
    body: `<h1>Assessment Results</h1>
<section id="summary">Loading...</section>
<section aria-labelledby="reports-h"><h2 id="reports-h">Reports</h2>
<button id="generate" type="button">Generate Reports</button>
<p id="msg" role="status"></p>
<p><button id="dl-consultant" type="button" hidden>Download Consultant Report</button>
<button id="dl-client" type="button" hidden>Download Client Report</button></p></section>`,
    script: `(async function () {
  if (!FR.requireLogin()) return;
  var id = location.pathname.split('/')[2];
  try {
    var a = await FR.api('/assessments/' + encodeURIComponent(id));
    document.getElementById('summary').innerHTML = '<p><strong>' + FR.esc(a.business_name) + '</strong> (' + FR.esc(a.client_name) +
      ')</p><p>Status: ' + FR.esc(a.status) + ', progress ' + FR.esc(a.progress) + ' %</p>';
  } catch (err) { document.getElementById('summary').textContent = err.message; }
  var wait = function (ms) { return new Promise(function (r) { setTimeout(r, ms); }); };
  async function generate(type) {
    var started = await FR.api('/reports/generate/' + type, { method: 'POST', body: { assessmentId: id } });
    for (var i = 0; i < 60; i++) {
      var s = await FR.api('/reports/status/' + started.reportId);
      if (s.status === 'completed') return s.reportId;
      if (s.status === 'failed') throw new Error('The ' + type + ' report failed: ' + s.error);
      await wait(500);
    }
    throw new Error('The ' + type + ' report is taking too long.');
  }
  function offer(type, reportId) {
    var b = document.getElementById('dl-' + type);
    b.hidden = false;
    b.onclick = async function () {
      try { var d = await FR.api('/reports/download/' + reportId); location.assign(d.url); } catch (err) { FR.say('msg', err.message); }
    };
  }
  document.getElementById('generate').addEventListener('click', async function () {
    var btn = this; btn.disabled = true; FR.say('msg', 'Generating reports...', true);
    try {
      var ids = await Promise.all([generate('consultant'), generate('client')]);
      offer('consultant', ids[0]); offer('client', ids[1]); FR.say('msg', 'Reports are ready.', true);
    } catch (err) { FR.say('msg', err.message); } finally { btn.disabled = false; }
  });
})();`,
  };
}
