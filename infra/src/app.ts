import { serviceManifests } from '../../services/manifests';
import { createPeixunApp } from './peixun-app';

// `cdk synth` / `cdk deploy` run this file; the App synthesizes itself when the process exits.
createPeixunApp(serviceManifests);
