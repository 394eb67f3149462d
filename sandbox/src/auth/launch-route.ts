import type { Router } from 'express';
import { z } from 'zod';
import type { AuthContext } from './auth-context';
import { LaunchRequestSchema } from './launch-request';

/** `POST /launch`: an EHR (or a test) registers a launch context and receives its `launch` parameter. */
export function registerLaunchRoute(router: Router, context: AuthContext): void {
  router.post('/launch', (req, res) => {
    const parsed = LaunchRequestSchema.safeParse(req.body);
    if (!parsed.success) {
      res.status(400).json({ error: 'invalid_request', error_description: z.prettifyError(parsed.error) });
      return;
    }
    if (!context.listPatients().some((patient) => patient.id === parsed.data.patient)) {
      res.status(400).json({ error: 'invalid_request', error_description: 'Unknown patient' });
      return;
    }
    res.status(201).json({ launch: context.mintLaunch(parsed.data) });
  });
}
