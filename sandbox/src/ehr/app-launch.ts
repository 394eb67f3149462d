/** The SMART EHR launch URL: the app's launch URL with the FHIR server as `iss` and the registered `launch`. */
export function buildEhrLaunchUrl(appLaunchUrl: string, fhirBase: string, launch: string): string {
  const url = new URL(appLaunchUrl);
  url.searchParams.set('iss', fhirBase);
  url.searchParams.set('launch', launch);
  return url.toString();
}
