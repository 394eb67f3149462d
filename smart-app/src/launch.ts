import { RELAUNCH_ADVICE, STRINGS } from './config/strings';
import { startLaunch } from './lib/launch';

const status = document.getElementById('launch-status');
if (status) {
  status.textContent = STRINGS.redirecting;
}

void startLaunch(window.location).then((error) => {
  if (!error || !status) {
    return;
  }
  document.title = `${STRINGS.appName} — could not launch`;
  const container = status.parentElement ?? document.body;
  container.setAttribute('role', 'alert');
  status.textContent = error.title;
  const advice = document.createElement('p');
  advice.textContent = RELAUNCH_ADVICE;
  container.appendChild(advice);
  if (error.detail) {
    const detail = document.createElement('p');
    detail.className = 'launch-detail';
    detail.textContent = error.detail;
    container.appendChild(detail);
  }
});
