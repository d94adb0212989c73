// No SDK: the page `silentcors audit` runs its rehearsal of each SDK on.
import {run} from './calls.js';

run(() => {});
