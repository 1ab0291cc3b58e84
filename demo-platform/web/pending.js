// The server has not answered the creation yet: look again shortly (the page then redirects).
setTimeout(() => location.reload(), 500);
