/**
 * zod's messages in English. The schemas use zod's tree-shakable "mini" form (`import * as z from
 * 'zod/mini'` in each module: about 20 KB bundled instead of 450 KB, which start-up would pay for) and
 * import this module once for its effect.
 */
import { en } from 'zod/locales';
import { config } from 'zod/mini';

config(en());
