// Whether this browser session signed in; the cookie itself is HttpOnly and invisible to scripts.
const key = 'csm.signedIn';

export const session = {
  isSignedIn: () => sessionStorage.getItem(key) === '1',
  remember: () => sessionStorage.setItem(key, '1'),
  forget: () => sessionStorage.removeItem(key),
};
