import type { Role } from '@peixun/shared/browser';
import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { homeOf, session } from './auth/session';

declare module 'vue-router' {
  interface RouteMeta {
    /** Who may open the page; the API checks again, this only keeps people out of workspaces that are not theirs. */
    roles?: readonly Role[];
    title?: string;
  }
}

/**
 * One lazy chunk per workspace: a trainee's phone downloads the trainee pages only. Paths are
 * singular (`/trainee`, `/school`, …) and never an API path, and the gateway routes API paths
 * before it falls back to the console, so neither shadows the other.
 */
const routes: RouteRecordRaw[] = [
  { path: '/', redirect: () => (session.identity === undefined ? '/login' : (homeOf(session.identity) ?? '/login')) },
  { path: '/login', component: () => import('./views/LoginView.vue'), meta: { title: '登录' } },
  { path: '/login/callback', component: () => import('./views/LoginCallback.vue'), meta: { title: '正在登录' } },
  {
    path: '/trainee',
    component: () => import('./views/trainee/TraineeWorkspace.vue'),
    meta: { roles: ['trainee'] },
    children: [
      { path: '', component: () => import('./views/trainee/TraineeHome.vue'), meta: { title: '我的培训' } },
      { path: 'check/:sessionId/:kind', component: () => import('./views/trainee/CheckInView.vue'), meta: { title: '刷脸考勤' } },
      { path: 'consent', component: () => import('./views/trainee/ConsentView.vue'), meta: { title: '人脸识别授权' } },
      { path: 'certificates', component: () => import('./views/trainee/CertificatesView.vue'), meta: { title: '我的证书' } },
      { path: 'claims', component: () => import('./views/trainee/ClaimsView.vue'), meta: { title: '我的补贴' } },
      { path: 'account', component: () => import('./views/trainee/PayeeAccountView.vue'), meta: { title: '收款账户' } },
    ],
  },
  { path: '/kiosk', component: () => import('./views/kiosk/KioskView.vue'), meta: { roles: ['institution'], title: '考勤一体机' } },
  {
    path: '/school',
    component: () => import('./views/school/SchoolWorkspace.vue'),
    meta: { roles: ['institution'] },
    children: [
      { path: '', component: () => import('./views/school/InstitutionView.vue'), meta: { title: '机构信息' } },
      { path: 'classes', component: () => import('./views/school/ClassListView.vue'), meta: { title: '培训班' } },
      { path: 'classes/new', component: () => import('./views/school/ClassFormView.vue'), meta: { title: '开班申请' } },
      { path: 'classes/:classId', component: () => import('./views/school/SchoolClassView.vue'), meta: { title: '班次详情' } },
      { path: 'classes/:classId/edit', component: () => import('./views/school/ClassFormView.vue'), meta: { title: '修改开班申请' } },
      { path: 'classes/:classId/sessions/:sessionId', component: () => import('./views/school/RecordingsView.vue'), meta: { title: '课次录像' } },
      { path: 'claims', component: () => import('./views/school/TrainingClaimsView.vue'), meta: { title: '培训补贴申请' } },
      { path: 'claims/:claimId', component: () => import('./views/school/SchoolClaimView.vue'), meta: { title: '培训补贴申请详情' } },
    ],
  },
  {
    path: '/reviewer',
    component: () => import('./views/reviewer/ReviewerWorkspace.vue'),
    meta: { roles: ['reviewer'] },
    children: [
      { path: '', component: () => import('./views/reviewer/ReviewQueueView.vue'), meta: { title: '开班审核' } },
      { path: 'classes/:classId', component: () => import('./views/reviewer/ReviewClassView.vue'), meta: { title: '班次审核' } },
      { path: 'claims', component: () => import('./views/reviewer/ClaimQueueView.vue'), meta: { title: '补贴审核' } },
      { path: 'claims/:claimId', component: () => import('./views/reviewer/ReviewClaimView.vue'), meta: { title: '补贴申请审核' } },
      { path: 'certificates', component: () => import('./views/reviewer/CertificateReviewView.vue'), meta: { title: '证书核验' } },
      { path: 'anomalies', component: () => import('./views/reviewer/AnomaliesView.vue'), meta: { title: '考勤异常' } },
      { path: 'charts', component: () => import('./views/reviewer/ChartsView.vue'), meta: { title: '统计图表' } },
    ],
  },
  {
    path: '/finance',
    component: () => import('./views/finance/FinanceWorkspace.vue'),
    meta: { roles: ['finance'] },
    children: [
      { path: '', component: () => import('./views/finance/BatchListView.vue'), meta: { title: '拨付批次' } },
      { path: 'batches/:batchId', component: () => import('./views/finance/BatchView.vue'), meta: { title: '批次详情' } },
      { path: 'charts', component: () => import('./views/finance/FinanceChartsView.vue'), meta: { title: '拨付统计' } },
    ],
  },
  // 公示 (gōngshì): open to everyone, no login. Not `/public/…`, which is the API's fund-use path.
  {
    path: '/gongshi',
    component: () => import('./views/public/PublicLayout.vue'),
    children: [
      { path: '', component: () => import('./views/public/DisclosuresView.vue'), meta: { title: '补贴公示' } },
      { path: 'fund-use', component: () => import('./views/public/FundUseView.vue'), meta: { title: '资金使用公示' } },
    ],
  },
  { path: '/:rest(.*)*', component: () => import('./views/NotFoundView.vue'), meta: { title: '页面不存在' } },
];

export const router = createRouter({ history: createWebHistory(), routes });

router.beforeEach((to) => {
  const roles = to.matched.flatMap((record) => record.meta.roles ?? []);
  if (roles.length === 0) return true;
  const identity = session.identity;
  if (identity === undefined) return { path: '/login', query: { next: to.fullPath } };
  return identity.roles.some((role) => roles.includes(role)) ? true : (homeOf(identity) ?? '/login');
});

router.afterEach((to) => {
  document.title = `${to.meta.title ?? ''}${to.meta.title === undefined ? '' : ' · '}职业技能培训补贴管理系统`;
});
