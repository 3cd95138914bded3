// The privacy policy and terms (a ChatGPT App submission needs a published privacy policy).
import { Link } from 'react-router';
import { useTitle } from '../components/useTitle';

export function Privacy() {
  useTitle('Privacy policy');
  return (
    <article className="prose narrow-wide">
      <h1>Privacy policy</h1>
      <p className="meta">Last updated 30 November 2026</p>
      <p>
        Course Companion helps you learn a course on this website and inside ChatGPT. This page says what we store about you, why, for
        how long, and how you take it with you or delete it.
      </p>
      <h2>What we store</h2>
      <ul>
        <li>
          <strong>Your account</strong> (if you create one): your name, email address and a password hash (argon2id; we never store the
          password itself), and your sign-in sessions.
        </li>
        <li>
          <strong>Guest sessions</strong>: if you learn without an account, a random learner id and a hash of the token kept in your
          browser.
        </li>
        <li>
          <strong>Your background</strong>, if you give it: software experience, maths background, goals, weekly time, time zone and
          preferred depth.
        </li>
        <li>
          <strong>Your learning record</strong>: the steps you open and complete, your quiz attempts and answers, hints you reveal, review
          cards and their schedule, the days you were active, and the bookmarks, notes and highlighted passages you leave on steps.
        </li>
        <li>
          <strong>Technical data</strong>: counters per network address used to limit abuse (sign-in attempts, new sessions), kept for the
          length of their window.
        </li>
      </ul>
      <h2>Why</h2>
      <p>
        Only to run the course for you: to resume where you left off, grade quizzes, unlock steps, count your streak, schedule reviews
        and adapt the course to your background. We do not sell your data, show advertising, or use it to train AI models. No language
        model reads your record on our side; ChatGPT sees what our tools return to it in your conversation.
      </p>
      <h2>For how long</h2>
      <ul>
        <li>Your account and learning record: until you delete them.</li>
        <li>Guest sessions expire after 90 days; a password-reset link after 30 minutes, and it works once.</li>
        <li>When you delete your account, your learner record and every piece of learning data go with it, at once.</li>
      </ul>
      <h2>Your rights: export and delete</h2>
      <ul>
        <li>
          <strong>Export</strong>: download your whole learning record as xAPI 1.0.3 statements from <Link to="/account">your account</Link>{' '}
          (or <code>GET /api/v1/me/events/xapi</code>; a bookmark is a “saved” statement), and your bookmarks and notes as one JSON
          document (<code>GET /api/v1/me/export/notes</code>).
        </li>
        <li>
          <strong>Delete</strong>: <Link to="/account">your account</Link> has a “Delete my account” button; it deletes everything and signs
          you out of ChatGPT too.
        </li>
        <li>
          <strong>Correct</strong>: edit your background at any time on <Link to="/onboarding">your background</Link>.
        </li>
      </ul>
      <h2>Cookies</h2>
      <p>
        One cookie, the session cookie that keeps you signed in (HttpOnly, same-site). Guests keep a token in the browser's local storage
        instead. No analytics or third-party cookies, and this site loads nothing from other sites.
      </p>
      <h2>Contact</h2>
      <p>Questions about your data: write to the operator of this service at the address they publish.</p>
    </article>
  );
}

export function Terms() {
  useTitle('Terms of use');
  return (
    <article className="prose narrow-wide">
      <h1>Terms of use</h1>
      <p className="meta">Last updated 30 November 2026</p>
      <h2>The service</h2>
      <p>
        Course Companion gives you courses to read, quizzes graded against fixed answer keys, and a record of your progress, on this site
        and in ChatGPT. Free chapters are open to everyone; premium chapters need the premium tier, which an operator grants (there is no
        payment in the app).
      </p>
      <h2>Your account</h2>
      <p>
        Keep your password to yourself; you are responsible for what is done with your account. You can delete it at any time from{' '}
        <Link to="/account">your account</Link>.
      </p>
      <h2>Fair use</h2>
      <p>
        Do not try to get around access tiers, quiz answer keys or rate limits, or disrupt the service for others. We may limit or close
        accounts that do.
      </p>
      <h2>Content</h2>
      <p>
        Course content belongs to its authors. It is for your own learning; do not republish it. Quizzes check understanding; their
        scores are not a certification.
      </p>
      <h2>No warranty</h2>
      <p>The service is provided as is. We work to keep it available and correct, but cannot promise it is free of errors.</p>
      <h2>Changes</h2>
      <p>We will say here when these terms change. Your data is covered by the <Link to="/privacy">privacy policy</Link>.</p>
    </article>
  );
}
