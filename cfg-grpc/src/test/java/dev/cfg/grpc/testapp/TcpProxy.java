package dev.cfg.grpc.testapp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay between the application and a real database, which a test can cut: while down,
 * open connections are reset and new ones are refused, as when the database server stops; when
 * up again, connections go through to the same database.
 */
public final class TcpProxy implements AutoCloseable {

	private final int targetPort;

	private final int port;

	private final List<Socket> open = new CopyOnWriteArrayList<>();

	private volatile ServerSocket listener;

	public TcpProxy(int targetPort) throws IOException {
		this.targetPort = targetPort;
		ServerSocket first = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		this.port = first.getLocalPort();
		listen(first);
	}

	/** The port the application connects to. */
	public int port() {
		return this.port;
	}

	/** Resets every open connection and refuses new ones. */
	public void cut() throws IOException {
		ServerSocket current = this.listener;
		this.listener = null;
		if (current != null) {
			current.close();
		}
		for (Socket socket : this.open) {
			try {
				// A reset, not an orderly end: what a client sees of a server that went away.
				socket.setSoLinger(true, 0);
			}
			catch (java.net.SocketException ex) {
				// The other side closed it in the meantime: nothing left to reset.
			}
			closeQuietly(socket);
		}
		this.open.clear();
	}

	/** Accepts connections again, on the same port. */
	public void restore() throws IOException {
		ServerSocket again = new ServerSocket();
		again.setReuseAddress(true);
		again.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port));
		listen(again);
	}

	private void listen(ServerSocket server) {
		this.listener = server;
		Thread accepting = new Thread(() -> {
			while (!server.isClosed()) {
				try {
					Socket client = server.accept();
					Socket database = new Socket(InetAddress.getLoopbackAddress(), this.targetPort);
					this.open.add(client);
					this.open.add(database);
					relay(client, database);
					relay(database, client);
				}
				catch (IOException ex) {
					// Closed by cut(), or the database refused: the client sees its connection end.
				}
			}
		}, "tcp-proxy-accept");
		accepting.setDaemon(true);
		accepting.start();
	}

	private void relay(Socket from, Socket to) {
		Thread relaying = new Thread(() -> {
			byte[] buffer = new byte[16384];
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				int read;
				while ((read = in.read(buffer)) >= 0) {
					out.write(buffer, 0, read);
					out.flush();
				}
			}
			catch (IOException ex) {
				// One side went away: closing both below ends the other direction too.
			}
			finally {
				closeQuietly(from);
				closeQuietly(to);
				this.open.remove(from);
				this.open.remove(to);
			}
		}, "tcp-proxy-relay");
		relaying.setDaemon(true);
		relaying.start();
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// Already closed.
		}
	}

	@Override
	public void close() throws IOException {
		cut();
	}

}
