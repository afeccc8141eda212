/** The console's entry: one Preact tree, state in signal models. */
import './zod-config.ts';
import { render } from 'preact';
import { App } from './app.tsx';
import './ui/styles.css';

render(<App />, document.getElementById('app')!);
