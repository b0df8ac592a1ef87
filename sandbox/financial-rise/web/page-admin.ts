import type { Page } from './layout.ts';

/** /admin: the three admin views the runbook's Smoke 7 walks (users, assessments, analytics). */
export function adminPage(): Page {
  return {
    title: 'Admin',
    body: `<h1>Admin</h1>
<p id="msg" role="alert"></p>
<section aria-labelledby="users-h"><h2 id="users-h">Users</h2><div id="users">Loading...</div></section>
<section aria-labelledby="assessments-h"><h2 id="assessments-h">Assessments</h2><div id="assessments">Loading...</div></section>
<section aria-labelledby="analytics-h"><h2 id="analytics-h">Analytics</h2><div id="analytics">Loading...</div></section>`,
    script: `(async function () {
  if (!FR.requireLogin()) return;
  function table(heads, rows) {
    return '<table><thead><tr>' + heads.map(function (h) { return '<th>' + h + '</th>'; }).join('') + '</tr></thead><tbody>' +
      rows.map(function (r) { return '<tr>' + r.map(function (c) { return '<td>' + FR.esc(c) + '</td>'; }).join('') + '</tr>'; }).join('') +
      '</tbody></table>';
  }
  try {
    var r = await Promise.all([FR.api('/admin/users?limit=50'), FR.api('/admin/assessments?limit=50'), FR.api('/admin/analytics')]);
    document.getElementById('users').innerHTML = table(['Email', 'Name', 'Role'],
      r[0].data.map(function (u) { return [u.email, u.first_name + ' ' + u.last_name, u.role]; }));
    document.getElementById('assessments').innerHTML = table(['Business', 'Client', 'Consultant', 'Status'],
      r[1].data.map(function (a) { return [a.business_name, a.client_name, a.consultant_email, a.status]; }));
    var s = r[2];
    document.getElementById('analytics').innerHTML = table(['Metric', 'Value'], [
      ['Users', s.users.total], ['Admins', s.users.admins], ['Assessments', s.assessments.total],
      ['Completed assessments', s.assessments.byStatus.completed], ['Reports generated', s.reports.generated]]);
  } catch (err) {
    FR.say('msg', err.message);
    ['users', 'assessments', 'analytics'].forEach(function (id) { document.getElementById(id).textContent = 'Not available.'; });
  }
})();`,
  };
}
