// Reloads the transaction page when its status changes (pending, scanned, verifying → a result).
const initialStatus = document.getElementById('result').dataset.status;
setInterval(async () => {
    try {
        const answer = await fetch(location.pathname + '/status');
        const body = await answer.json();
        if (body.status !== initialStatus)
            location.reload();
    } catch (e) {
        // The platform restarting or the network dropping: try again at the next tick.
    }
}, 1500);
