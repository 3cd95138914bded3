import { useEffect, useRef } from 'react';
import { Link, NavLink, Outlet, useHref, useLocation, useNavigate } from 'react-router';
import { RouterProvider } from 'react-aria-components';
import { useMe, isGuest } from '../session';

/** Header, navigation, the page, footer; moves focus to the page on navigation for screen readers. */
export function Layout() {
  const navigate = useNavigate();
  const location = useLocation();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  const me = useMe();

  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    if (!location.hash) main.current?.focus({ preventScroll: true });
    if (!location.hash) window.scrollTo(0, 0);
  }, [location.pathname]);

  const signedIn = !!me.data && !isGuest();
  return (
    <RouterProvider navigate={(to, options) => navigate(to, options)} useHref={useHref}>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <div className="header-inner">
          <Link to="/" className="brand">
            <svg aria-hidden="true" viewBox="0 0 32 32" width="28" height="28">
              <rect width="32" height="32" rx="7" fill="currentColor" />
              <path d="M9 10h9a5 5 0 0 1 5 5v8H14a5 5 0 0 1-5-5z" fill="#fff" />
            </svg>
            <span>Course Companion</span>
          </Link>
          <nav aria-label="Main" className="main-nav">
            <NavLink to="/" end>
              Courses
            </NavLink>
            <NavLink to="/progress">Progress</NavLink>
            <NavLink to="/review">Review</NavLink>
            <NavLink to="/notes">Notes</NavLink>
            <NavLink to="/search">Search</NavLink>
            <NavLink to="/glossary" className={({ isActive }) => (isActive || /\/glossary$/.test(location.pathname) ? 'active' : '')}>
              Glossary
            </NavLink>
            <NavLink to="/mistakes" className={({ isActive }) => (isActive || /\/mistakes$/.test(location.pathname) ? 'active' : '')}>
              Mistakes
            </NavLink>
            <NavLink to="/plans">Plans</NavLink>
            {signedIn ? (
              <NavLink to="/account">Account</NavLink>
            ) : (
              <NavLink to="/account/sign-in">{me.data ? 'Save progress' : 'Sign in'}</NavLink>
            )}
          </nav>
        </div>
      </header>
      <main id="main" ref={main} tabIndex={-1} className="page">
        <Outlet />
      </main>
      <footer className="site-footer">
        <nav aria-label="Legal">
          <Link to="/privacy">Privacy</Link>
          <Link to="/terms">Terms</Link>
          <a href="/api/docs">API</a>
        </nav>
      </footer>
    </RouterProvider>
  );
}
