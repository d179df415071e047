export function App() {
  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', padding: 32 }}>
      <h1>OMS Studio</h1>
      <p>The desktop editor arrives with the desktop issues; the headless core, store, merge and sync server are usable from the `oms` and `oms-sync` commands.</p>
    </main>
  );
}
