import '@mantine/core/styles.css';
import { Center, Loader, MantineProvider } from '@mantine/core';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Navigate, Outlet, Route, Routes, useLocation } from 'react-router-dom';
import { SessionProvider, useSession } from './auth/session';
import { Shell } from './components/Shell';
import { AccountsPage } from './pages/AccountsPage';
import { BacktestPage } from './pages/BacktestPage';
import { ComingPage, comingAreas } from './pages/ComingPage';
import { ContactPage } from './pages/ContactPage';
import { ContactsPage } from './pages/ContactsPage';
import { DefinitionsPage } from './pages/DefinitionsPage';
import { DashboardPage } from './pages/dashboard/DashboardPage';
import { FeedbackPage } from './pages/FeedbackPage';
import { ImportPage } from './pages/ImportPage';
import { InboxPage } from './pages/inbox/InboxPage';
import { ModelEditorPage } from './pages/ModelEditorPage';
import { PersonasPage } from './pages/PersonasPage';
import { AttributionPage } from './pages/reports/AttributionPage';
import { FunnelPage } from './pages/reports/FunnelPage';
import { LeadQualityPage } from './pages/reports/LeadQualityPage';
import { PlanPage } from './pages/reports/PlanPage';
import { ReportsIndexPage } from './pages/reports/ReportsIndexPage';
import { ScoringReportPage } from './pages/reports/ScoringReportPage';
import { VelocityPage } from './pages/reports/VelocityPage';
import { ScoringPage } from './pages/ScoringPage';
import { SignInPage } from './pages/SignInPage';
import { NotificationSettingsPage } from './pages/settings/NotificationSettingsPage';
import { BreachesPage } from './pages/sla/BreachesPage';
import { ContractPage } from './pages/sla/ContractPage';
import { ScorecardsPage } from './pages/sla/ScorecardsPage';

function RequireMember() {
  const { member, ready } = useSession();
  const location = useLocation();
  if (!ready) {
    return (
      <Center mih="100vh">
        <Loader />
      </Center>
    );
  }
  return member ? (
    <Outlet />
  ) : (
    <Navigate to="/signin" replace state={{ from: location.pathname + location.search }} />
  );
}

function App() {
  return (
    <Routes>
      <Route path="/signin" element={<SignInPage />} />
      <Route element={<RequireMember />}>
        <Route element={<Shell />}>
          <Route path="/" element={<DashboardPage />} />
          <Route path="/contacts" element={<ContactsPage />} />
          <Route path="/contacts/:id" element={<ContactPage />} />
          <Route path="/accounts" element={<AccountsPage />} />
          <Route path="/definitions" element={<DefinitionsPage />} />
          <Route path="/personas" element={<PersonasPage />} />
          <Route path="/imports" element={<ImportPage />} />
          <Route path="/scoring" element={<ScoringPage />} />
          <Route path="/scoring/backtest" element={<BacktestPage />} />
          <Route path="/scoring/models/:id" element={<ModelEditorPage />} />
          <Route path="/feedback" element={<FeedbackPage />} />
          <Route path="/inbox" element={<InboxPage />} />
          <Route path="/sla" element={<ContractPage />} />
          <Route path="/sla/breaches" element={<BreachesPage />} />
          <Route path="/sla/scorecards" element={<ScorecardsPage />} />
          <Route path="/reports" element={<ReportsIndexPage />} />
          <Route path="/reports/funnel" element={<FunnelPage />} />
          <Route path="/reports/velocity" element={<VelocityPage />} />
          <Route path="/reports/lead-quality" element={<LeadQualityPage />} />
          <Route path="/reports/scoring" element={<ScoringReportPage />} />
          <Route path="/reports/attribution" element={<AttributionPage />} />
          <Route path="/plan" element={<PlanPage />} />
          <Route path="/settings/notifications" element={<NotificationSettingsPage />} />
          {Object.entries(comingAreas).map(([key, area]) => (
            <Route key={key} path={`/${key}`} element={<ComingPage area={area} />} />
          ))}
          <Route path="*" element={<Navigate to="/contacts" replace />} />
        </Route>
      </Route>
    </Routes>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider>
      <BrowserRouter>
        <SessionProvider>
          <App />
        </SessionProvider>
      </BrowserRouter>
    </MantineProvider>
  </StrictMode>,
);
