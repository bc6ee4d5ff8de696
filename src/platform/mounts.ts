import type { App } from '@slack/bolt';
import type { Express } from 'express';
import type { AppContext } from './context.js';

/** Mounts extra HTTP routes (intake webhooks) on the one Express app, in the web role. */
export type RouteMounter = (app: Express, ctx: AppContext) => void;

/** Binds Bolt listeners (buttons, modals), in the web role. */
export type ListenerRegistrar = (app: App, ctx: AppContext) => void;
