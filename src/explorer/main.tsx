/** The explorer page's entry: renders the app into the page. */
import { render } from 'preact';
import { App } from './ui/app.js';

render(<App />, document.getElementById('app')!);
