import { enrollmentManifest } from '@peixun/enrollment/manifest';
import type { InstitutionView, TeacherView } from '@peixun/shared';
import { describe, expect, it } from 'vitest';
import { useLocalRuntime } from '../../../test/support/runtime';
import divisionsDocument from '../src/reference/data/divisions.guizhou.v1.json' with { type: 'json' };
import catalogueDocument from '../src/reference/data/occupations.sample.v1.json' with { type: 'json' };
import { creditCode, residentId } from './support/issue3-fixtures';

/**
 * Institutions, sites, the teacher registry and reference data, through the HTTP API against
 * DynamoDB Local: every route with an allowed and a refused caller, every rule with its article.
 */
const runtime = useLocalRuntime({ manifests: [enrollmentManifest] });

const site = (overrides: Record<string, unknown> = {}) => ({
  name: '南明区实训基地一楼',
  address: '贵阳市南明区花果园大街1号',
  areaCode: '520102',
  floorAreaSqm: 600,
  capacity: 60,
  facilities: [{ name: '中式烹调工位', quantity: 30 }],
  occupationCodes: ['4-03-02-01'],
  ...overrides,
});

const institution = (overrides: Record<string, unknown> = {}) => ({
  institutionId: 'ins_demo',
  name: '贵阳市南明区黔艺职业培训学校',
  kind: 'PRIVATE_TRAINING_SCHOOL',
  creditCode: creditCode(),
  areaCode: '520102',
  licences: [{ kind: 'SCHOOL_OPERATING_PERMIT', number: '人社民520102000123', issuedBy: '贵阳市南明区人力资源和社会保障局', validFrom: '2024-01-01', validUntil: '2030-12-31' }],
  sites: [site()],
  ...overrides,
});

const teacherBody = (idNumber: string, cityCode = '520100') => ({
  idNumber,
  name: '王建国',
  institutionIds: ['ins_demo'],
  qualification: { certificateNumber: 'GZ-SZ-2026-0001', description: '职业技能等级证书（二级/技师）' },
  registration: { cityCode, approvedOn: '2026-03-01' },
});

const fieldCodes = (body: unknown): string[] => ((body as { errors?: Array<{ code: string }> }).errors ?? []).map((e) => e.code);

describe('institutions (Art. 7(2), 9)', () => {
  it('lets an admin register an institution with its sites, and announces Institution.Registered', async () => {
    const response = await runtime().request('POST', '/institutions', { as: 'admin', body: institution() });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    const view = response.body as InstitutionView;
    expect(view).toMatchObject({ institutionId: 'ins_demo', status: 'ACTIVE', sites: [{ areaCode: '520102' }] });
    expect(view.registeredAt).toMatch(/\+08:00$/);
    const event = await runtime().bus.waitFor({ source: ['peixun.enrollment'], 'detail-type': ['Institution.Registered'] }, { timeoutMs: 5_000 });
    expect(event.detail).toMatchObject({ institutionId: 'ins_demo' });
  });

  it('refuses institution staff registering an institution (403)', async () => {
    const response = await runtime().request('POST', '/institutions', { as: 'school1', body: institution({ institutionId: 'ins_other' }) });
    expect(response.status).toBe(403);
  });

  it('GB 32100: a credit code with a wrong check character is refused, naming the rule', async () => {
    const code = creditCode();
    const wrong = `${code.slice(0, 17)}${code[17] === '0' ? '1' : '0'}`;
    const response = await runtime().request('POST', '/institutions', { as: 'admin', body: institution({ institutionId: 'ins_bad', creditCode: wrong }) });
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ code: 'INSTITUTION_REGISTRATION_INVALID' });
    expect(fieldCodes(response.body)).toContain('CREDIT_CODE_CHECK_CHARACTER');
  });

  it('Art. 7(2): an institution without a valid licence of its kind is refused', async () => {
    const response = await runtime().request('POST', '/institutions', {
      as: 'admin',
      body: institution({ institutionId: 'ins_nolicence', creditCode: creditCode('MJY12345B'), licences: [] }),
    });
    expect(response.status).toBe(422);
    expect(fieldCodes(response.body)).toContain('INSTITUTION_LICENCE_MISSING');
  });

  it('one institution per credit code: the same code again is 409, decided by the database', async () => {
    const attempts = await Promise.all(
      ['ins_twin_a', 'ins_twin_b'].map((institutionId) =>
        runtime().request('POST', '/institutions', { as: 'admin', body: institution({ institutionId, creditCode: creditCode('MJY12345C') }) }),
      ),
    );
    expect(attempts.map((attempt) => attempt.status).sort()).toEqual([201, 409]);
    expect(attempts.find((attempt) => attempt.status === 409)?.body).toMatchObject({ code: 'INSTITUTION_ALREADY_REGISTERED' });
  });

  it('shows an institution to its own staff, to a reviewer of its area and to admins; refuses other staff and trainees', async () => {
    expect((await runtime().request('GET', '/institutions/ins_demo', { as: 'school1' })).status).toBe(200);
    expect((await runtime().request('GET', '/institutions/ins_demo', { as: 'reviewer1' })).status).toBe(200);
    expect((await runtime().request('GET', '/institutions/ins_demo', { as: 'admin' })).status).toBe(200);
    expect((await runtime().request('GET', '/institutions/ins_demo', { as: 'school2' })).status).toBe(403);
    expect((await runtime().request('GET', '/institutions/ins_demo', { as: 'trainee1' })).status).toBe(403);
  });

  it('refuses a reviewer of another area (Art. 9: 谁审批、谁监管)', async () => {
    const elsewhere = institution({
      institutionId: 'ins_zunyi',
      creditCode: creditCode('MJY12345D'),
      areaCode: '520302',
      sites: [site({ areaCode: '520302', address: '遵义市红花岗区1号' })],
    });
    expect((await runtime().request('POST', '/institutions', { as: 'admin', body: elsewhere })).status).toBe(201);
    expect((await runtime().request('GET', '/institutions/ins_zunyi', { as: 'reviewer1' })).status).toBe(403);
  });

  it('lets staff add a site to their own institution, and refuses another institution’s staff', async () => {
    const added = await runtime().request('POST', '/institutions/ins_demo/sites', { as: 'school1', body: site({ name: '南明区创业教室' }) });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    const read = await runtime().request('GET', '/institutions/ins_demo', { as: 'school1' });
    expect((read.body as InstitutionView).sites).toHaveLength(2);
    expect((await runtime().request('POST', '/institutions/ins_demo/sites', { as: 'school2', body: site() })).status).toBe(403);
    expect((await runtime().request('POST', '/institutions/ins_demo/sites', { as: 'reviewer1', body: site() })).status).toBe(403);
  });

  it('Art. 9: a site outside the registered counties is refused', async () => {
    const response = await runtime().request('POST', '/institutions/ins_demo/sites', { as: 'school1', body: site({ areaCode: '520100' }) });
    expect(response.status).toBe(422);
    expect(fieldCodes(response.body)).toContain('INSTITUTION_AREA_UNKNOWN');
  });
});

describe('teacher registry (Art. 33)', () => {
  let registered: TeacherView;

  it('Art. 33: a city reviewer registers a teacher, valid for one year from approval', async () => {
    const response = await runtime().request('POST', '/teachers', { as: 'reviewer1', body: teacherBody(residentId('520102', '19800101', 11)) });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    registered = response.body as TeacherView;
    expect(registered.registrations).toEqual([expect.objectContaining({ cityCode: '520100', approvedOn: '2026-03-01', validUntil: '2027-02-28' })]);
    expect(JSON.stringify(registered)).not.toContain(residentId('520102', '19800101', 11));
    const event = await runtime().bus.waitFor({ source: ['peixun.enrollment'], 'detail-type': ['Teacher.Registered'] }, { timeoutMs: 5_000 });
    expect(event.detail).toMatchObject({ teacherId: registered.teacherId, validUntil: '2027-02-28' });
  });

  it('Art. 33: a reviewer cannot register a teacher in another city’s registry', async () => {
    const response = await runtime().request('POST', '/teachers', { as: 'reviewer1', body: teacherBody(residentId('520102', '19800101', 13), '520300') });
    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({ code: 'TEACHER_REGISTRY_OUTSIDE_AREA' });
  });

  it('refuses institution staff registering teachers (403)', async () => {
    expect((await runtime().request('POST', '/teachers', { as: 'school1', body: teacherBody(residentId('520102', '19800101', 15)) })).status).toBe(403);
  });

  it('one registry entry per person: the same ID number again is 409, naming the existing teacher to whoever may see it', async () => {
    const again = teacherBody(residentId('520102', '19800101', 11));
    for (const as of ['admin', 'reviewer1']) {
      const response = await runtime().request('POST', '/teachers', { as, body: again });
      expect(response.status).toBe(409);
      expect(response.body).toMatchObject({ code: 'TEACHER_ALREADY_REGISTERED', existing: { teacherId: registered.teacherId } });
      expect((response.body as { detail: string }).detail).toContain(registered.teacherId);
    }
  });

  it('Art. 33: another city’s reviewer registering the same person learns it is registered, not which entry it is', async () => {
    // 520300's office may keep its own registry, but the teacher is in 520100's: the id is not theirs to see.
    const response = await runtime().request('POST', '/teachers', { as: 'reviewer2', body: teacherBody(residentId('520102', '19800101', 11), '520300') });
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ code: 'TEACHER_ALREADY_REGISTERED' });
    expect(response.body).not.toHaveProperty('existing');
    expect(JSON.stringify(response.body)).not.toContain(registered.teacherId);
    expect((await runtime().request('GET', `/teachers/${registered.teacherId}`, { as: 'reviewer2' })).status).toBe(403);
  });

  it('Art. 33: the registry is renewed yearly by the city’s office, keeping the earlier registration', async () => {
    const path = `/teachers/${registered.teacherId}/registrations`;
    expect((await runtime().request('POST', path, { as: 'school1', body: { cityCode: '520100', approvedOn: '2027-02-20' } })).status).toBe(403);
    const outside = await runtime().request('POST', path, { as: 'reviewer2', body: { cityCode: '520100', approvedOn: '2027-02-20' } });
    expect(outside.body).toMatchObject({ code: 'TEACHER_REGISTRY_OUTSIDE_AREA' });
    const renewed = await runtime().request('POST', path, { as: 'reviewer1', body: { cityCode: '520100', approvedOn: '2027-02-20' } });
    expect(renewed.status, JSON.stringify(renewed.body)).toBe(201);
    expect((renewed.body as TeacherView).registrations.map((r) => r.validUntil)).toEqual(['2027-02-28', '2028-02-19']);
    const read = await runtime().request('GET', `/teachers/${registered.teacherId}`, { as: 'reviewer1' });
    expect((read.body as TeacherView).registrations).toHaveLength(2);
  });

  it('shows the teacher to their institution and the city’s reviewers; refuses other institutions and trainees', async () => {
    const path = `/teachers/${registered.teacherId}`;
    expect((await runtime().request('GET', path, { as: 'school1' })).status).toBe(200);
    expect((await runtime().request('GET', path, { as: 'reviewer1' })).status).toBe(200);
    expect((await runtime().request('GET', path, { as: 'school2' })).status).toBe(403);
    expect((await runtime().request('GET', path, { as: 'trainee1' })).status).toBe(403);
  });
});

describe('reference data (Art. 6)', () => {
  it('serves the catalogue in force and the divisions to any signed-in user, not to anonymous callers', async () => {
    const catalogue = await runtime().request('GET', '/reference/occupations', { as: 'trainee1' });
    expect(catalogue.status).toBe(200);
    expect(catalogue.body).toMatchObject({ origin: 'BUNDLED', catalogueVersion: catalogueDocument.catalogueVersion });
    const divisions = await runtime().request('GET', '/reference/divisions', { as: 'school1' });
    expect(divisions.status).toBe(200);
    expect((divisions.body as { divisions: Array<{ code: string }> }).divisions).toContainEqual(expect.objectContaining({ code: '520102' }));
    expect((await runtime().request('GET', '/reference/occupations')).status).toBe(401);
    expect((await runtime().request('GET', '/reference/divisions')).status).toBe(401);
  });

  it('Art. 6: an admin publishes a new catalogue version, which then is in force; a version is never overwritten', async () => {
    const next = { ...catalogueDocument, catalogueVersion: '520000-2026.1' };
    expect((await runtime().request('PUT', '/reference/occupations', { as: 'school1', body: next })).status).toBe(403);
    const published = await runtime().request('PUT', '/reference/occupations', { as: 'admin', body: next });
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    expect((await runtime().request('GET', '/reference/occupations', { as: 'reviewer1' })).body).toMatchObject({
      origin: 'UPLOADED',
      catalogueVersion: '520000-2026.1',
    });
    const again = await runtime().request('PUT', '/reference/occupations', { as: 'admin', body: next });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'CATALOGUE_VERSION_EXISTS' });
  });

  it('Art. 18(1): a catalogue granting more than 160 subsidised hours to a special ability is not published', async () => {
    const occupations = catalogueDocument.occupations.map((occupation) =>
      occupation.kind === 'SPECIAL_ABILITY' ? { ...occupation, levels: occupation.levels.map((level) => ({ ...level, subsidisedHoursCap: 200 })) } : occupation,
    );
    const response = await runtime().request('PUT', '/reference/occupations', { as: 'admin', body: { ...catalogueDocument, catalogueVersion: '520000-2026.2', occupations } });
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body)).toContain('第十八条');
  });

  it('Art. 9: an admin publishes a new divisions version, whose new county is then accepted for a training site; a version is never overwritten', async () => {
    // 桐梓县 is not in the bundled subset, so a site there is refused until a table listing it is in force.
    const tongzi = { code: '520322', name: '桐梓县', level: 'COUNTY', parent: '520300', hrssOffice: '桐梓县人力资源和社会保障局' };
    const next = { ...divisionsDocument, version: 'GB/T2260-520000-2026.1-subset', divisions: [...divisionsDocument.divisions, tongzi] };
    const tongziSite = site({ name: '桐梓县实训基地', areaCode: '520322' });
    const before = await runtime().request('POST', '/institutions/ins_demo/sites', { as: 'school1', body: tongziSite });
    expect(fieldCodes(before.body)).toContain('INSTITUTION_AREA_UNKNOWN');

    expect((await runtime().request('PUT', '/reference/divisions', { as: 'school1', body: next })).status).toBe(403);
    expect((await runtime().request('PUT', '/reference/divisions', { as: 'reviewer1', body: next })).status).toBe(403);
    const published = await runtime().request('PUT', '/reference/divisions', { as: 'admin', body: next });
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    const current = await runtime().request('GET', '/reference/divisions', { as: 'trainee1' });
    expect(current.body).toMatchObject({ origin: 'UPLOADED', version: next.version });
    expect((current.body as { divisions: Array<{ code: string }> }).divisions).toContainEqual(expect.objectContaining(tongzi));

    const after = await runtime().request('POST', '/institutions/ins_demo/sites', { as: 'school1', body: tongziSite });
    expect(after.status, JSON.stringify(after.body)).toBe(201);

    const again = await runtime().request('PUT', '/reference/divisions', { as: 'admin', body: { ...next, title: '改写' } });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'DIVISIONS_VERSION_EXISTS' });
    const bundledAgain = await runtime().request('PUT', '/reference/divisions', { as: 'admin', body: divisionsDocument });
    expect(bundledAgain.status).toBe(409);
  });

  it('Art. 9: a divisions table with a broken hierarchy, a repeated code or a division without its office is not published', async () => {
    const [province, city] = divisionsDocument.divisions;
    const broken = {
      ...divisionsDocument,
      version: 'GB/T2260-520000-2026.2-broken',
      divisions: [
        province,
        { ...city, hrssOffice: ' ' },
        { code: '520322', name: '桐梓县', level: 'COUNTY', parent: '520000', hrssOffice: '桐梓县人力资源和社会保障局' },
        { code: '520322', name: '桐梓县', level: 'COUNTY', parent: '520300', hrssOffice: '桐梓县人力资源和社会保障局' },
      ],
    };
    const response = await runtime().request('PUT', '/reference/divisions', { as: 'admin', body: broken });
    expect(response.status).toBe(400);
    expect(fieldCodes(response.body)).toEqual(expect.arrayContaining(['DIVISION_PARENT_INVALID', 'DIVISION_CODE_DUPLICATE', 'INVALID_TOO_SMALL']));
    expect(JSON.stringify(response.body)).toContain('上级区划不正确');
    expect((await runtime().request('GET', '/reference/divisions', { as: 'admin' })).body).toMatchObject({ version: 'GB/T2260-520000-2026.1-subset' });
  });
});

describe('API reference', () => {
  it('documents every enrollment route in the OpenAPI document', async () => {
    const document = (await runtime().request('GET', '/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
    for (const { contract } of enrollmentManifest.routes) {
      expect(Object.keys(document.paths[contract.path] ?? {}), contract.operationId).toContain(contract.method.toLowerCase());
    }
  });
});
