/**
 * Sync with an oms-sync server: server URL, sign-in (account with the authenticator step, or a
 * token), then what a person does with a server — clone a workspace from it, connect the open
 * branch, push and pull commits. Every failure shows its stable code and what to do about it.
 */
import { useEffect, useState, type FormEvent, type ReactElement } from 'react';
import { client, describeError } from '../../backend/client';
import { useSession } from '../../state/session';
import { useUi } from '../../state/ui';
import { Modal } from '../../ui/Modal';
import './sync.css';

type Notice = { tone: 'INFO' | 'WARN' | 'ERROR'; text: string };

/** What a person can do next, per code the sync client reports. */
const ADVICE: Record<string, string> = {
  SYNC_UNREACHABLE: 'Check the URL and your network; the studio keeps retrying while you work offline.',
  SYNC_AUTH_FAILED: 'Sign in again (the password or token was refused, or the session ended).',
  SYNC_FORBIDDEN: 'Ask a workspace admin for access.',
  SYNC_NOT_LINKED: 'This branch and the server\'s were created separately. Clone the workspace from the server, or take the server\'s version.',
  REMOTE_MOVED: 'Someone pushed first: pull, merge, then push again.',
  REMOTE_DIVERGED: 'The server has commits you do not: pull and merge first.',
  LOCAL_DIRTY: 'Commit or discard your changes before pulling.',
  SYNC_BAD_SERVER_URL: 'Use a URL like https://oms.example.com.',
  SYNC_RENAMED: 'The branch or workspace was renamed or replaced on the server and the new one could not be found: clone it again from the server.',
};

/** The error's code and message, followed by what to do about it when we know. */
function advised(err: unknown): { code: string; message: string } {
  const d = describeError(err);
  return { code: d.code, message: ADVICE[d.code] ? `${d.message} — ${ADVICE[d.code]}` : d.message };
}

function noticeOf(err: unknown): Notice {
  const d = advised(err);
  return { tone: 'ERROR', text: `${d.code}: ${d.message}` };
}

const close = (): void => useUi.getState().openDialog(null);

/** Push the open branch; on success a notice, on a refusal its code and advice. */
export async function pushOpenBranch(): Promise<void> {
  const { workspace, branch } = useSession.getState();
  if (!workspace || !branch) return;
  try {
    const r = await client().call('sync.push', { workspace, branch });
    useUi.getState().notify({ code: 'SYNC_PUSHED', message: r.status === 'up-to-date' ? `${branch} is up to date on the server` : `pushed ${branch} (${r.objects} objects)` });
  } catch (err) {
    useUi.getState().notify(advised(err));
  }
}

/** Pull the open branch; a divergence is merged at once when the merge is clean, else reported. */
export async function pullOpenBranch(): Promise<void> {
  const { workspace, branch } = useSession.getState();
  if (!workspace || !branch) return;
  const ui = useUi.getState();
  try {
    const r = await client().call('sync.pull', { workspace, branch });
    if (r.status !== 'diverged') {
      ui.notify({ code: 'SYNC_PULLED', message: r.status === 'fast-forward' ? `${branch} moved to ${r.head.slice(0, 10)} (${r.objects} objects)` : `${branch} is ${r.status === 'ahead' ? 'ahead of' : 'up to date with'} the server` });
      return;
    }
    const merged = await client().call('merge.apply', { workspace, source: r.remoteHead, into: branch, message: `Merge the server's ${branch}` });
    ui.notify({ code: 'SYNC_MERGED', message: `merged the server's ${branch} (${merged.mode}); push to share it` });
  } catch (err) {
    ui.notify(advised(err));
  }
}

export function SyncDialog(): ReactElement {
  const session = useSession();
  const [url, setUrl] = useState('');
  const [signedIn, setSignedIn] = useState<string | null>(null);
  const [mode, setMode] = useState<'account' | 'token'>('account');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [token, setToken] = useState('');
  const [mfaToken, setMfaToken] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const [remote, setRemote] = useState('');
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice | null>(null);

  useEffect(() => {
    void client().call('sync.server.get', {}).then((s) => {
      if (s.url) setUrl(s.url);
      setSignedIn(s.user);
    }, (err: unknown) => setNotice(noticeOf(err)));
  }, []);

  const run = async (what: () => Promise<Notice | null>): Promise<void> => {
    setBusy(true);
    try {
      setNotice(await what());
    } catch (err) {
      const d = describeError(err);
      if (d.code === 'SYNC_MFA_REQUIRED' && err && typeof err === 'object' && 'details' in err) {
        const details = (err as { details?: Record<string, unknown> }).details;
        if (typeof details?.mfaToken === 'string') {
          setMfaToken(details.mfaToken);
          setNotice({ tone: 'INFO', text: 'Enter the 6-digit code from your authenticator app.' });
          return;
        }
      }
      setNotice(noticeOf(err));
    } finally {
      setBusy(false);
    }
  };

  const signIn = (e: FormEvent): void => {
    e.preventDefault();
    void run(async () => {
      const server = url.trim();
      const r = mfaToken
        ? await client().call('sync.signIn', { server, mfaToken, totp: code })
        : mode === 'token'
          ? await client().call('sync.signIn', { server, token })
          : await client().call('sync.signIn', { server, username, password });
      setSignedIn(r.user);
      setMfaToken(null);
      setPassword('');
      setToken('');
      return null; // the dialog now shows who is signed in

    });
  };

  const connect = (): void =>
    void run(async () => {
      if (!session.workspace || !session.branch) return { tone: 'WARN', text: 'Open a workspace first.' };
      const s = await client().call('sync.connect', { workspace: session.workspace, branch: session.branch });
      return { tone: 'INFO', text: `${session.branch}: ${s.state}${s.readOnly ? ' (read-only)' : ''}` };
    });

  const takeServer = (): void =>
    void run(async () => {
      const { workspace, branch } = useSession.getState();
      if (!workspace || !branch) return null;
      await useSession.getState().close(); // the live document is replaced: nothing may hold it open
      await client().call('sync.adopt', { workspace, branch });
      await useSession.getState().open(workspace, branch);
      await client().call('sync.connect', { workspace, branch });
      return { tone: 'INFO', text: `${branch} now follows the server's document.` };
    });

  const cloneWorkspace = (e: FormEvent): void => {
    e.preventDefault();
    void run(async () => {
      const name = remote.trim();
      const info = await client().call('sync.clone', { workspace: name });
      await useSession.getState().open(info.name, info.defaultBranch);
      await client().call('sync.connect', { workspace: info.name, branch: info.defaultBranch });
      close();
      return null;
    });
  };

  const signOut = (): void =>
    void run(async () => {
      await client().call('sync.signOut', {});
      setSignedIn(null);
      return { tone: 'INFO', text: 'Signed out; the saved sign-in was deleted.' };
    });

  return (
    <Modal open onClose={close} title="Sync with a server" description="Share workspaces through an oms-sync server your team runs. Edits are always saved locally first.">
      <form onSubmit={signIn} aria-label="Sign in">
        <div className="field">
          <label htmlFor="server-url">Server URL</label>
          <input id="server-url" className="input" autoFocus value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://oms.example.com" />
        </div>
        {signedIn ? (
          <p className="muted">Signed in as <strong>{signedIn}</strong>. <button type="button" className="btn" onClick={signOut} disabled={busy}>Sign out</button></p>
        ) : mfaToken ? (
          <div className="field">
            <label htmlFor="sync-totp">Authenticator code</label>
            <input id="sync-totp" className="input" inputMode="numeric" autoComplete="one-time-code" maxLength={6} value={code} onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))} autoFocus />
          </div>
        ) : (
          <>
            <div className="buttons" role="radiogroup" aria-label="Sign-in method">
              <button type="button" role="radio" aria-checked={mode === 'account'} className={`btn ${mode === 'account' ? 'primary' : ''}`} onClick={() => setMode('account')}>Account</button>
              <button type="button" role="radio" aria-checked={mode === 'token'} className={`btn ${mode === 'token' ? 'primary' : ''}`} onClick={() => setMode('token')}>Access token</button>
            </div>
            {mode === 'account' ? (
              <>
                <div className="field">
                  <label htmlFor="sync-user">User name or e-mail</label>
                  <input id="sync-user" className="input" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} />
                </div>
                <div className="field">
                  <label htmlFor="sync-password">Password</label>
                  <input id="sync-password" className="input" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
                </div>
              </>
            ) : (
              <div className="field">
                <label htmlFor="server-token">Access token</label>
                <input id="server-token" className="input" type="password" value={token} onChange={(e) => setToken(e.target.value)} />
              </div>
            )}
          </>
        )}
        {!signedIn && (
          <div className="buttons">
            <button type="submit" className="btn primary" disabled={busy || !url || (mfaToken ? code.length !== 6 : mode === 'token' ? !token : !username || !password)}>Sign in</button>
          </div>
        )}
      </form>
      {signedIn && (
        <>
          <h3 className="section-title">{session.workspace ? `Open branch: ${session.workspace} / ${session.branch}` : 'No workspace open'}</h3>
          <div className="buttons" aria-label="Branch sync">
            <button type="button" className="btn primary" onClick={connect} disabled={busy || !session.workspace}>Connect {session.branch ?? 'branch'}</button>
            <button type="button" className="btn" onClick={() => void pushOpenBranch()} disabled={busy || !session.workspace}>Push</button>
            <button type="button" className="btn" onClick={() => void pullOpenBranch()} disabled={busy || !session.workspace}>Pull</button>
          </div>
          <h3 className="section-title">From the server</h3>
          <form onSubmit={cloneWorkspace} aria-label="Clone from server">
            <div className="field">
              <label htmlFor="sync-remote">Clone a workspace from the server</label>
              <input id="sync-remote" className="input" value={remote} onChange={(e) => setRemote(e.target.value)} placeholder="workspace name on the server" />
            </div>
            <div className="buttons">
              <button type="submit" className="btn" disabled={busy || !remote.trim()}>Clone</button>
            </div>
          </form>
        </>
      )}
      {notice && (
        <div className={`diag ${notice.tone}`} role="status">
          {notice.text}
          {notice.text.startsWith('SYNC_NOT_LINKED') && <button type="button" className="btn" onClick={takeServer} disabled={busy}>Take the server's version</button>}
        </div>
      )}
      <div className="buttons">
        <button type="button" className="btn" onClick={close}>Close</button>
      </div>
    </Modal>
  );
}
